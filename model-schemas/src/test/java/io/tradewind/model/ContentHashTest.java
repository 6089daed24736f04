package io.tradewind.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {

    @Test
    void theHashFollowsEveryByteAndOnlyTheContent(@TempDir Path tmp) throws Exception {
        Path a = copy(Path.of("src/test/resources/fixtures/valid/linked-with-seed"),
                tmp.resolve("one/linked-with-seed"));
        Path b = copy(a, tmp.resolve("two/linked-with-seed"));
        String hash = AppPackageLoader.load(a).pkg().contentHash();
        assertThat(AppPackageLoader.load(b).pkg().contentHash()).isEqualTo(hash);

        Path seed = b.resolve("seed/02-person.json");
        Files.writeString(seed, Files.readString(seed).replace("Worker", "Workes"));
        assertThat(AppPackageLoader.load(b).pkg().contentHash()).isNotEqualTo(hash);

        Path form = a.resolve("forms/company.form.json");
        Files.writeString(form, Files.readString(form) + " ");
        assertThat(AppPackageLoader.load(a).pkg().contentHash()).isNotEqualTo(hash);
    }

    @Test
    void roundTripThroughTheMapperParsesAgain() throws Exception {
        var pkg = AppPackageLoader.load(Path.of("src/test/resources/fixtures/valid/every-field-type")).pkg();
        for (var form : pkg.forms().values()) {
            String json = DefinitionParser.mapper().writeValueAsString(form);
            var again = DefinitionParser.parseForm(json, "again.json");
            assertThat(again.problems()).as(json).isEmpty();
            assertThat(again.value()).isEqualTo(form);
        }
        String app = DefinitionParser.mapper().writeValueAsString(pkg.app());
        assertThat(DefinitionParser.parseApp(app, "app.json").value()).isEqualTo(pkg.app());
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }
}
