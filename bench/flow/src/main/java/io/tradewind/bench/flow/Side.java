package io.tradewind.bench.flow;

import java.util.List;

/** One engine under test: the loop body of the benchmark and what surrounds it. */
interface Side extends AutoCloseable {
    /** The name used in the printed keys: {@code tradewind} or {@code flowable}. */
    String name();

    /**
     * Untimed work before a window in which {@code threads} threads each complete about
     * {@code perThread[i]} instances (e.g. creating the records the instances run on).
     */
    void prepareWindow(int threads, long[] perThread) throws Exception;

    /**
     * Untimed-by-design work before one instance of thread {@code thread}; returns true when it had to do work
     * inside the window (which the harness then reports), false when {@link #prepareWindow} had done it.
     */
    boolean prepareNext(int thread) throws Exception;

    /** Starts one instance, completes both approvals, and returns the instance id. */
    String runInstance(int thread, long seq) throws Exception;

    /** Checks the history of finished instances; throws when one lacks its start, either approval or its end. */
    void verify(List<String> instanceIds) throws Exception;
}
