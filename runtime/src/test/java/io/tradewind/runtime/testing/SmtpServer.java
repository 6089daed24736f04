package io.tradewind.runtime.testing;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) on a free port of 127.0.0.1 for the test run; the runtime's mailer
 * is pointed at it. Tests read what arrived with {@link #greenMail()}.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {
    private static volatile GreenMail server;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        g.start();
        server = g;
        port = g.getSmtp().getPort();
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port",
                Integer.toString(g.getSmtp().getPort()), "quarkus.mailer.start-tls", "DISABLED", "quarkus.mailer.from",
                "Tradewind Reports <reports@tradewind.test>");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Stops the server, as a mail server that went down; {@link #up()} starts it again on its port. */
    public static void down() {
        server.stop();
    }

    /** Starts the server again after {@link #down()}, on the same port (so the mailer finds it). */
    public static void up() {
        GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        server = g;
    }

    /** The running server. */
    public static GreenMail greenMail() {
        return server;
    }
}
