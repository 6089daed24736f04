package io.tradewind.runtime.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server run by Tradewind itself from zonky's binaries, with its data in a local
 * folder that survives restarts. It listens on 127.0.0.1 only, on a free port chosen at each start,
 * with no Unix socket.
 *
 * <p>
 * PostgreSQL refuses to run as root. When Tradewind runs as root, the server runs as the
 * unprivileged user {@code nobody} (through {@code setpriv}), and its data folder is owned by that
 * user. See ADR 0002.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** The database Tradewind uses inside the embedded server. */
    public static final String DATABASE = "tradewind";
    public static final String USER = "postgres";
    private static final int NOBODY = 65534;

    private final Path pgHome;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean root;

    private EmbeddedPostgres(Path pgHome, Path dataDir, Path logFile, int port, FileChannel lockChannel, FileLock lock,
            boolean root) {
        this.pgHome = pgHome;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.root = root;
    }

    /**
     * Starts the server whose data lives under {@code baseDir/pgdata}, creating it on first use.
     *
     * @throws IllegalStateException
     *             with a message for the operator when it cannot start
     */
    public static EmbeddedPostgres start(Path baseDir) {
        try {
            Path base = baseDir.toAbsolutePath().normalize();
            Files.createDirectories(base);
            FileChannel channel = FileChannel.open(base.resolve("tradewind.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("TW-EMB-002 another Tradewind process is using the data folder " + base
                        + "; stop it first or set TRADEWIND_DATA_DIR to another folder");
            }
            boolean root = isRoot();
            Path binRoot = root ? Path.of(System.getProperty("java.io.tmpdir"), "tradewind-pg") : base.resolve("pg");
            Path pgHome = PostgresBinaries.unpack(binRoot);
            Path dataDir = base.resolve("pgdata");
            Path logFile = base.resolve("postgres.log");
            if (root) {
                prepareForNobody(base, dataDir, logFile);
            }
            EmbeddedPostgres pg = new EmbeddedPostgres(pgHome, dataDir, logFile, freePort(), channel, lock, root);
            pg.boot();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("TW-EMB-003 could not start the embedded PostgreSQL", e);
        }
    }

    private void boot() throws IOException {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            run(List.of(bin("initdb"), "-D", dataDir.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                    "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--no-instructions"), 120);
        }
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            // Left over by a process that was killed: stop the orphaned server (or clear the stale pid file).
            runQuietly(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
        }
        String options = "-p " + port + " -h 127.0.0.1 -c unix_socket_directories= -c max_connections=200"
                + " -c shared_buffers=256MB -c fsync=on -c synchronous_commit=on";
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-o", options, "-l", logFile.toString(), "-w", "-t",
                "120", "start"), 150);
        createDatabase();
    }

    private void createDatabase() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
            try (var rs = c.createStatement().executeQuery("select 1 from pg_database where datname = 'tradewind'")) {
                if (!rs.next()) {
                    c.createStatement().execute("create database " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("TW-EMB-004 the embedded PostgreSQL started but refuses connections: "
                    + e.getMessage(), e);
        }
    }

    /** JDBC URL of a database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown: open transactions are rolled back, committed data is safe). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            runQuietly(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String bin(String name) {
        return pgHome.resolve("bin").resolve(name).toString();
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException {
        int exit = exec(command, timeoutSeconds);
        if (exit != 0) {
            String log = Files.exists(logFile) ? tail(logFile) : "";
            throw new IllegalStateException("TW-EMB-005 " + Path.of(command.get(0)).getFileName() + " failed (exit "
                    + exit + ")" + (log.isEmpty() ? "" : "; last lines of " + logFile + ":\n" + log));
        }
    }

    private void runQuietly(List<String> command) throws IOException {
        exec(command, 90);
    }

    private int exec(List<String> command, int timeoutSeconds) throws IOException {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Path out = Files.createTempFile("tradewind-pg", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("TW-EMB-006 " + command.get(0) + " did not finish in " + timeoutSeconds
                        + " s");
            }
            if (p.exitValue() != 0 && command.get(0).endsWith("initdb")) {
                throw new IllegalStateException("TW-EMB-007 initdb failed: " + Files.readString(out));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }

    private static void prepareForNobody(Path base, Path dataDir, Path logFile) throws IOException {
        for (Path p = base; p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("TW-EMB-008 Tradewind runs as root, so its embedded PostgreSQL runs as"
                        + " the user 'nobody' (PostgreSQL refuses root), but 'nobody' cannot enter " + p
                        + ". Set TRADEWIND_DATA_DIR to a folder under a world-traversable path (e.g. /var/lib/tradewind),"
                        + " run as a regular user, or use an external PostgreSQL with TRADEWIND_DB_URL.");
            }
        }
        Files.createDirectories(dataDir);
        if (!Files.exists(logFile)) {
            Files.createFile(logFile);
        }
        chown(dataDir);
        chown(logFile);
        Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    private static void chown(Path p) throws IOException {
        try {
            Process proc = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, p.toString()).inheritIO().start();
            if (proc.waitFor() != 0) {
                throw new IOException("chown of " + p + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
