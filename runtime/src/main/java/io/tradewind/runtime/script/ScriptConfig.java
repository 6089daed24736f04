package io.tradewind.runtime.script;

import java.time.Duration;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and pool size of the script engine; nothing needs configuring. */
@ConfigMapping(prefix = "tradewind.script")
public interface ScriptConfig {

    /** Guest statements one evaluation (a record's formulas or rules) may execute. */
    @WithDefault("100000")
    long statements();

    /** Wall-clock time one evaluation may take before it is interrupted. */
    @WithDefault("500ms")
    Duration time();

    /** Most JavaScript contexts kept and used at once; default twice the number of processors. */
    OptionalInt poolSize();
}
