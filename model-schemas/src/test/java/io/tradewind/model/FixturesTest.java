package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every package under {@code fixtures/valid} loads without a problem; every package under
 * {@code fixtures/invalid} reports exactly the problems (code, file, pointer) of its
 * {@code expected.json}.
 */
class FixturesTest {

    static Stream<Path> valid() throws Exception {
        return packages("valid");
    }

    static Stream<Path> invalid() throws Exception {
        return packages("invalid");
    }

    private static Stream<Path> packages(String kind) throws IOException, URISyntaxException {
        Path root = Path.of(FixturesTest.class.getResource("/fixtures/" + kind).toURI());
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).sorted().forEach(out::add);
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validPackageLoads(Path dir) {
        AppPackageLoader.LoadResult result = AppPackageLoader.load(dir);
        assertThat(result.problems()).isEmpty();
        assertThat(result.pkg()).isNotNull();
        assertThat(result.pkg().forms()).isNotEmpty();
        assertThat(result.pkg().contentHash()).hasSize(64);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidPackageReportsExactlyItsProblems(Path dir) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(dir.resolveSibling(dir.getFileName() + ".expected.json")
                .toFile());
        List<String> want = new ArrayList<>();
        expected.forEach(p -> want.add(p.get("code").asText() + " " + p.get("file").asText() + "#"
                + p.get("pointer").asText()));
        AppPackageLoader.LoadResult result = AppPackageLoader.load(dir);
        List<String> got = result.problems().stream().map(p -> p.code() + " " + p.file() + "#" + p.pointer())
                .toList();
        assertThat(got).as(result.problems().toString()).containsExactlyInAnyOrderElementsOf(want);
        assertThat(result.pkg()).isNull();
        result.problems().forEach(p -> assertThat(p.message()).isNotBlank().doesNotContain("com.networknt")
                .doesNotContain("io.tradewind"));
    }
}
