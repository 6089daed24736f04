package io.tradewind.runtime.support;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * The replica's one {@code LISTEN} connection to PostgreSQL, shared by everything that hears about
 * changes other replicas made (session evictions, record changes for the report cache, …). Beans
 * register their channels during start-up (observers of {@link StartupEvent} with a priority below
 * 100); the connection opens after them and reconnects every second when lost. Notifications sent
 * while it is down are lost, so each channel is told when it stops and starts listening again.
 */
@Singleton
public class PgListener {
    private static final Logger LOG = Logger.getLogger(PgListener.class);

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private record Channel(String name, Consumer<String> handler, Consumer<Boolean> listening) {
    }

    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private PgSubscriber subscriber;

    /**
     * Hears {@code NOTIFY} on a channel from the next connection on.
     *
     * @param listening
     *            told {@code true} each time the channel is listened to (also after a reconnect: what
     *            was sent in between is unknown) and {@code false} when the connection is lost
     */
    public void listen(String channel, Consumer<String> handler, Consumer<Boolean> listening) {
        channels.add(new Channel(channel, handler, listening));
        if (subscriber != null) {
            subscribe(channels.get(channels.size() - 1));
        }
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        if (url.isEmpty()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.get());
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> {
            // called when the connection is lost and after each failed attempt to reconnect
            if (retries == 0) {
                LOG.warn("TW-PGL-001 lost the LISTEN connection; reconnecting");
            }
            channels.forEach(c -> c.listening().accept(false));
            return 1000L;
        });
        channels.forEach(this::subscribe);
        connect();
    }

    private void subscribe(Channel c) {
        subscriber.channel(c.name()).subscribeHandler(v -> c.listening().accept(true)).handler(c.handler()::accept);
    }

    private void connect() {
        subscriber.connect().onFailure(e -> {
            LOG.errorf("TW-PGL-002 cannot open the LISTEN connection (retried in 5 s): %s", e.getMessage());
            channels.forEach(c -> c.listening().accept(false));
            if (!subscriber.closed()) {
                vertx.setTimer(5000, id -> connect());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
