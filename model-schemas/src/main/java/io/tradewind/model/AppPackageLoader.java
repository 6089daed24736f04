package io.tradewind.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.tradewind.model.app.AppDefinition;
import io.tradewind.model.flow.FlowDefinition;
import io.tradewind.model.form.FieldDefinition;
import io.tradewind.model.form.FormDefinition;
import io.tradewind.model.form.LinkField;
import io.tradewind.model.form.SubtableField;
import io.tradewind.model.report.DashboardDefinition;
import io.tradewind.model.report.ReportDefinition;

/**
 * Loads an app package folder: {@code app.json}, {@code forms/*.form.json},
 * {@code reports/*.report.json}, {@code dashboards/*.dashboard.json}, {@code flows/*.flow.json} and
 * {@code seed/*.json} ({@code templates/} is accepted and not read yet; flows may name its
 * {@code <name>.html} files). Every problem of every file is collected; the package is returned
 * only when there is none.
 */
public final class AppPackageLoader {
    private static final Set<String> LATER_FOLDERS = Set.of("templates");
    private static final Pattern TEMPLATE_FILE = Pattern.compile("^templates/([^/]+)\\.html$");
    private static final Pattern SEED_FILE = Pattern.compile("^\\d+-([a-z][a-z0-9_]*)\\.json$");
    private static final String REF = "$ref";

    private AppPackageLoader() {
    }

    /**
     * The form a seed file is for, from its name ({@code 01-customer.json} → {@code customer}), or
     * empty when the name does not follow {@code NN-<form>.json}.
     */
    public static java.util.Optional<String> seedForm(String fileName) {
        Matcher m = SEED_FILE.matcher(fileName);
        return m.matches() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    /**
     * The outcome of loading a package.
     *
     * @param pkg
     *            the package, null when there are problems
     * @param problems
     *            every problem, empty on success
     */
    public record LoadResult(AppPackage pkg, List<Problem> problems) {
        /** Copies the problem list. */
        public LoadResult {
            problems = List.copyOf(problems);
        }
    }

    /** Loads every sub-folder of {@code appsDir} that is a package, keyed by folder name (sorted). */
    public static Map<String, LoadResult> loadAll(Path appsDir) {
        Map<String, LoadResult> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(appsDir)) {
            for (Path d : (Iterable<Path>) dirs.sorted()::iterator) {
                if (Files.isDirectory(d) && !d.getFileName().toString().startsWith(".")) {
                    out.put(d.getFileName().toString(), load(d));
                }
            }
        } catch (IOException e) {
            out.put(appsDir.getFileName().toString(), new LoadResult(null, List.of(new Problem(
                    Problems.PACKAGE_NOT_FOUND, "", "", "The apps folder cannot be read: " + e.getMessage()))));
        }
        return out;
    }

    /** Loads one package folder. */
    public static LoadResult load(Path dir) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new LoadResult(null, List.of(new Problem(Problems.PACKAGE_NOT_FOUND, "", "",
                    "There is no package folder " + dir + ".")));
        }
        Map<String, byte[]> files = new TreeMap<>();
        collect(dir, dir, files, problems);

        Sourced<AppDefinition> app = null;
        byte[] appBytes = files.get("app.json");
        if (appBytes == null) {
            problems.add(new Problem(Problems.APP_MISSING, "app.json", "", "The package has no app.json."));
        } else {
            String text = DefinitionParser.decode(appBytes, "app.json", problems);
            if (text != null) {
                var parsed = DefinitionParser.parseApp(text, "app.json");
                problems.addAll(parsed.problems());
                app = parsed.value() == null ? null : new Sourced<>("app.json", parsed.value());
            }
        }
        List<Sourced<FormDefinition>> forms = new ArrayList<>();
        List<Sourced<ReportDefinition>> reports = new ArrayList<>();
        List<Sourced<DashboardDefinition>> dashboards = new ArrayList<>();
        List<Sourced<FlowDefinition>> flows = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        for (var e : files.entrySet()) {
            String path = e.getKey();
            if (path.equals("app.json")) {
                continue;
            }
            String top = path.contains("/") ? path.substring(0, path.indexOf('/')) : "";
            if (top.equals("forms") && path.matches("forms/[^/]+\\.form\\.json")) {
                String text = DefinitionParser.decode(e.getValue(), path, problems);
                if (text != null) {
                    var parsed = DefinitionParser.parseForm(text, path);
                    problems.addAll(parsed.problems());
                    if (parsed.value() != null) {
                        forms.add(new Sourced<>(path, parsed.value()));
                    }
                }
            } else if (top.equals("reports") && path.matches("reports/[^/]+\\.report\\.json")) {
                String text = DefinitionParser.decode(e.getValue(), path, problems);
                if (text != null) {
                    var parsed = DefinitionParser.parseReport(text, path);
                    problems.addAll(parsed.problems());
                    if (parsed.value() != null) {
                        reports.add(new Sourced<>(path, parsed.value()));
                    }
                }
            } else if (top.equals("dashboards") && path.matches("dashboards/[^/]+\\.dashboard\\.json")) {
                String text = DefinitionParser.decode(e.getValue(), path, problems);
                if (text != null) {
                    var parsed = DefinitionParser.parseDashboard(text, path);
                    problems.addAll(parsed.problems());
                    if (parsed.value() != null) {
                        dashboards.add(new Sourced<>(path, parsed.value()));
                    }
                }
            } else if (top.equals("flows") && path.matches("flows/[^/]+\\.flow\\.json")) {
                String text = DefinitionParser.decode(e.getValue(), path, problems);
                if (text != null) {
                    var parsed = DefinitionParser.parseFlow(text, path);
                    problems.addAll(parsed.problems());
                    if (parsed.value() != null) {
                        flows.add(new Sourced<>(path, parsed.value()));
                    }
                }
            } else if (top.equals("seed") && path.matches("seed/[^/]+\\.json")) {
                seeds.add(path);
            } else if (!LATER_FOLDERS.contains(top)) {
                problems.add(new Problem(Problems.FILE_UNEXPECTED, path, "", "This file does not belong in an app"
                        + " package (expected app.json, forms/<key>.form.json, reports/<key>.report.json,"
                        + " dashboards/<key>.dashboard.json, flows/<key>.flow.json, templates/… or"
                        + " seed/NN-<form>.json)."));
            }
        }
        boolean parsed = problems.isEmpty();
        if (parsed) {
            problems.addAll(DefinitionValidator.validate(dir.getFileName().toString(), app, forms));
        }
        Map<String, FormDefinition> byKey = new LinkedHashMap<>();
        forms.forEach(f -> byKey.putIfAbsent(f.definition().key(), f.definition()));
        if (parsed) {
            problems.addAll(ReportValidator.validate(byKey, reports, dashboards));
            problems.addAll(FlowValidator.validate(app.definition(), byKey, templates(files), flows));
        }
        if (problems.isEmpty()) {
            seeds(files, seeds, byKey, problems);
        }
        if (!problems.isEmpty()) {
            return new LoadResult(null, problems);
        }
        Path seedDir = Files.isDirectory(dir.resolve("seed")) ? dir.resolve("seed") : null;
        List<Path> seedFiles = seeds.stream().map(dir::resolve).toList();
        Map<String, ReportDefinition> reportsByKey = new LinkedHashMap<>();
        reports.forEach(r -> reportsByKey.put(r.definition().key(), r.definition()));
        Map<String, DashboardDefinition> dashboardsByKey = new LinkedHashMap<>();
        dashboards.forEach(d -> dashboardsByKey.put(d.definition().key(), d.definition()));
        Map<String, FlowDefinition> flowsByKey = new LinkedHashMap<>();
        flows.forEach(f -> flowsByKey.put(f.definition().key(), f.definition()));
        return new LoadResult(new AppPackage(app.definition(), byKey, hash(files), seedDir, seedFiles, reportsByKey,
                dashboardsByKey, flowsByKey), List.of());
    }

    /** The names of the package's {@code templates/<name>.html} files. */
    private static Set<String> templates(Map<String, byte[]> files) {
        Set<String> out = new HashSet<>();
        for (String path : files.keySet()) {
            Matcher m = TEMPLATE_FILE.matcher(path);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static void collect(Path root, Path dir, Map<String, byte[]> files, List<Problem> problems) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries.sorted()::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    collect(root, p, files, problems);
                } else if (Files.size(p) > DefinitionParser.MAX_BYTES) {
                    problems.add(new Problem(Problems.FILE_UNREADABLE, rel, "", "The file is larger than 2 MB."));
                } else {
                    files.put(rel, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(Problems.FILE_UNREADABLE, root.relativize(dir).toString(), "",
                    "The folder could not be read: " + e.getMessage()));
        }
    }

    private static void seeds(Map<String, byte[]> files, List<String> seeds, Map<String, FormDefinition> forms,
            List<Problem> problems) {
        Set<String> refs = new HashSet<>();
        for (String path : seeds) {
            var formKey = seedForm(path.substring("seed/".length()));
            if (formKey.isEmpty()) {
                problems.add(new Problem(Problems.SEED_INVALID, path, "", "Seed files are named NN-<form>.json,"
                        + " e.g. 01-customer.json."));
                continue;
            }
            FormDefinition form = forms.get(formKey.get());
            if (form == null) {
                problems.add(new Problem(Problems.SEED_INVALID, path, "", "The app has no form '" + formKey.get()
                        + "'."));
                continue;
            }
            String text = DefinitionParser.decode(files.get(path), path, problems);
            JsonNode tree = text == null ? null : DefinitionParser.readTree(text, path, problems);
            if (tree == null) {
                continue;
            }
            if (!tree.isArray()) {
                problems.add(new Problem(Problems.SEED_INVALID, path, "", "A seed file is a JSON array of"
                        + " records."));
                continue;
            }
            for (int i = 0; i < tree.size(); i++) {
                JsonNode rec = tree.get(i);
                String at = "/" + i;
                if (!rec.isObject()) {
                    problems.add(new Problem(Problems.SEED_INVALID, path, at, "Each seed record is a JSON object."));
                    continue;
                }
                seedObject(path, at, rec, form.fields(), refs, problems);
                JsonNode name = rec.get(REF);
                if (name != null && (!name.isTextual() || !refs.add(name.textValue()))) {
                    problems.add(new Problem(Problems.SEED_INVALID, path, at + "/$ref", "A $ref name must be a text"
                            + " used only once in the package."));
                }
            }
        }
    }

    private static void seedObject(String path, String at, JsonNode rec, List<FieldDefinition> fields,
            Set<String> refs, List<Problem> problems) {
        Map<String, FieldDefinition> byKey = new LinkedHashMap<>();
        fields.forEach(f -> byKey.put(f.key(), f));
        for (var it = rec.properties().iterator(); it.hasNext();) {
            var e = it.next();
            String key = e.getKey();
            String child = at + "/" + DefinitionParser.escape(key);
            if (key.equals(REF)) {
                continue;
            }
            FieldDefinition f = byKey.get(key);
            if (f == null) {
                problems.add(new Problem(Problems.SEED_INVALID, path, child, "The form has no field '" + key + "'."));
            } else if (f instanceof LinkField && e.getValue().isObject()) {
                JsonNode target = e.getValue().get(REF);
                if (target == null || !target.isTextual() || !refs.contains(target.textValue())) {
                    problems.add(new Problem(Problems.SEED_INVALID, path, child, "The link refers to a $ref that no"
                            + " earlier seed file defines."));
                }
            } else if (f instanceof SubtableField s && e.getValue().isArray()) {
                for (int j = 0; j < e.getValue().size(); j++) {
                    JsonNode row = e.getValue().get(j);
                    if (row.isObject()) {
                        seedObject(path, child + "/" + j, row, s.fields(), refs, problems);
                    }
                }
            }
        }
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (var e : files.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                md.update(name);
                md.update((byte) 0);
                md.update(Long.toString(e.getValue().length).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) 0);
                md.update(e.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
