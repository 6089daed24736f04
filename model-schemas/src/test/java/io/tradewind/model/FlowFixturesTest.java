package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Flow fixtures under {@code flows/}: each is a {@code <name>.flow.json} (or a folder of flow
 * files) that is put into a copy of the package {@code flows/base} (forms customer, deal and
 * team_map; roles; settings; a template; a flow {@code notice} to call as a sub-flow). Every valid
 * fixture loads without a problem; every invalid one reports exactly the problems (code, file,
 * pointer) of its {@code <name>.expected.json}, where {@code file} defaults to
 * {@code flows/<name>.flow.json}.
 */
class FlowFixturesTest {

    @TempDir
    Path tmp;

    static Stream<Path> valid() throws Exception {
        return fixtures("valid");
    }

    static Stream<Path> invalid() throws Exception {
        return fixtures("invalid");
    }

    private static Path root(String kind) throws URISyntaxException {
        return Path.of(FlowFixturesTest.class.getResource("/flows/" + kind).toURI());
    }

    private static Stream<Path> fixtures(String kind) throws IOException, URISyntaxException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root(kind))) {
            files.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".flow.json")).sorted()
                    .forEach(out::add);
        }
        return out.stream();
    }

    private static String name(Path fixture) {
        return fixture.getFileName().toString().replaceFirst("\\.flow\\.json$", "");
    }

    /** A copy of the base package with the fixture's flow file(s) added. */
    private Path packageWith(Path fixture) throws IOException, URISyntaxException {
        Path dir = tmp.resolve(name(fixture)).resolve("flowlab");
        copy(root("base"), dir);
        if (Files.isDirectory(fixture)) {
            copy(fixture, dir.resolve("flows"));
        } else {
            Files.copy(fixture, dir.resolve("flows").resolve(fixture.getFileName()));
        }
        return dir;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** The expected problems of a fixture as {@code CODE file#pointer}. */
    private static List<String> expected(Path fixture) throws IOException {
        JsonNode list = new ObjectMapper().readTree(fixture.resolveSibling(name(fixture) + ".expected.json")
                .toFile());
        List<String> want = new ArrayList<>();
        String defaultFile = "flows/" + name(fixture) + ".flow.json";
        list.forEach(p -> want.add(p.get("code").asText() + " " + (p.has("file")
                ? p.get("file").asText()
                : defaultFile) + "#" + p.get("pointer").asText()));
        return want;
    }

    /** Loads the package and asserts that it reports exactly {@code want}. */
    private static void assertReportsExactly(Path pkg, List<String> want) {
        AppPackageLoader.LoadResult result = AppPackageLoader.load(pkg);
        List<String> got = result.problems().stream().map(p -> p.code() + " " + p.file() + "#" + p.pointer())
                .toList();
        assertThat(got).as(result.problems().toString()).containsExactlyInAnyOrderElementsOf(want);
        assertThat(result.pkg()).isNull();
        result.problems().forEach(p -> assertThat(p.message()).isNotBlank().doesNotContain("com.networknt")
                .doesNotContain("io.tradewind"));
    }

    @Test
    void basePackageLoadsWithItsFlow() throws Exception {
        AppPackageLoader.LoadResult result = AppPackageLoader.load(copyOfBase());
        assertThat(result.problems()).isEmpty();
        assertThat(result.pkg().flows()).containsOnlyKeys("notice");
    }

    private Path copyOfBase() throws IOException, URISyntaxException {
        Path dir = tmp.resolve("base").resolve("flowlab");
        copy(root("base"), dir);
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validFlowLoads(Path fixture) throws Exception {
        AppPackageLoader.LoadResult result = AppPackageLoader.load(packageWith(fixture));
        assertThat(result.problems()).isEmpty();
        assertThat(result.pkg().flows()).containsKey(name(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidFlowReportsExactlyItsProblems(Path fixture) throws Exception {
        List<String> want = expected(fixture);
        assertThat(want).as("an invalid fixture expects at least one problem").isNotEmpty();
        assertReportsExactly(packageWith(fixture), want);
    }

    @Test
    void thereAreAtLeastTwentyFiveInvalidFixturesEachWithItsExpectedProblems() throws Exception {
        List<Path> all = invalid().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(25);
        for (Path f : all) {
            assertThat(f.resolveSibling(name(f) + ".expected.json")).as(f.toString()).exists();
        }
    }

    @Test
    void theFixtureCheckFailsWhenAnExpectedPointerIsWrong() throws Exception {
        Path fixture = root("invalid").resolve("approval-without-assignees.flow.json");
        List<String> want = expected(fixture);
        assertThat(want).containsExactly("FLOW_NO_ASSIGNEES flows/approval-without-assignees.flow.json#/nodes/0");
        Path pkg = packageWith(fixture);
        assertReportsExactly(pkg, want);
        List<String> wrongPointer = List.of(want.getFirst().replace("#/nodes/0", "#/nodes/1"));
        assertThrows(AssertionError.class, () -> assertReportsExactly(pkg, wrongPointer));
        List<String> wrongCode = List.of(want.getFirst().replace("FLOW_NO_ASSIGNEES", "FLOW_APPROVAL_INVALID"));
        assertThrows(AssertionError.class, () -> assertReportsExactly(pkg, wrongCode));
    }
}
