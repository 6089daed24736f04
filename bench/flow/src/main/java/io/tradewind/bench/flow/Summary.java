package io.tradewind.bench.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The summary of a run whose windows came from several JVMs (the driver of {@code FlowBench} and the runtime's own
 * JVM for {@code tradewind_embedded}): reads their {@code round=… threads=… side=… instances_per_s=…} lines and
 * prints per thread count the mean of each side over its rounds and the ratio of each Tradewind side to each
 * Flowable variant.
 */
final class Summary {
    private Summary() {
    }

    /** Prints the summary of the window lines in {@code file}; the exit status (1 when it holds none). */
    static int print(Path file) throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Set<String> sides = new LinkedHashSet<>();
        Set<Integer> threads = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String part : line.trim().split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    kv.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            if (!line.startsWith("round=") || !kv.containsKey("instances_per_s")) {
                continue;
            }
            int t = Integer.parseInt(kv.get("threads"));
            sides.add(kv.get("side"));
            threads.add(t);
            rates.computeIfAbsent(kv.get("side") + "_t" + t, k -> new ArrayList<>()).add(Double.parseDouble(kv.get(
                    "instances_per_s")));
        }
        if (rates.isEmpty()) {
            System.out.println("no measured window in " + file);
            return 1;
        }
        for (int t : threads) {
            for (String side : sides) {
                List<Double> r = rates.get(side + "_t" + t);
                if (r != null) {
                    System.out.printf("%s_threads_%d_instances_per_s=%.1f (rounds: %s)%n", side, t, mean(r),
                            String.join(" ", r.stream().map(x -> String.format("%.1f", x)).toList()));
                }
            }
            for (String ours : sides) {
                for (String theirs : sides) {
                    List<Double> a = rates.get(ours + "_t" + t);
                    List<Double> b = rates.get(theirs + "_t" + t);
                    if (ours.startsWith("tradewind") && theirs.startsWith("flowable") && a != null && b != null) {
                        System.out.printf("ratio_threads_%d_%s_vs_%s=%.2f%n", t, ours, theirs, mean(a) / mean(b));
                    }
                }
            }
        }
        return 0;
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
