package io.tradewind.model.flow;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import io.tradewind.model.I18nText;

/**
 * Notifies users: in the app's notification list and/or by e-mail rendered from a template. JSON
 * type {@code "notify"}. Texts may contain {@code {{name}}} placeholders for names an expression
 * could use (fields of the record, {@code submitter}).
 *
 * @param key
 *            the node key
 * @param label
 *            the label, null when absent
 * @param channels
 *            where the notification goes; non-empty
 * @param to
 *            the recipients; non-empty
 * @param cc
 *            who is copied; empty when absent
 * @param message
 *            the in-app text; required with the {@code inApp} channel
 * @param subject
 *            the e-mail subject; required with the {@code email} channel
 * @param template
 *            the e-mail body, the name of {@code templates/<name>.html} of the package; required
 *            with the {@code email} channel
 * @param next
 *            the node after it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NotifyNode(String key, I18nText label, List<Channel> channels, List<Assignment> to,
        List<Assignment> cc, I18nText message, I18nText subject, String template, String next) implements FlowNode {

    /** The JSON type name. */
    public static final String TYPE = "notify";

    /** Checks the key and next; copies lists. */
    public NotifyNode {
        FlowSupport.requireKey(key);
        Objects.requireNonNull(next, "next");
        channels = FlowSupport.copy(channels);
        to = FlowSupport.copy(to);
        cc = FlowSupport.copy(cc);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Edge> edges() {
        return List.of(new Edge("/next", next));
    }

    /** A notification channel; lower camel case in JSON. */
    public enum Channel {
        /** The notification list in the app. */
        IN_APP("inApp"),
        /** An e-mail to each recipient's address. */
        EMAIL("email");

        private final String json;

        Channel(String json) {
            this.json = json;
        }

        /** The JSON name. */
        @JsonValue
        public String json() {
            return json;
        }
    }
}
