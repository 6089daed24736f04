package io.tradewind.runtime.form;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shape of a record in the API (DESIGN section 8). */
public final class RecordRepresentation {
    private RecordRepresentation() {
    }

    public static Map<String, Object> of(RecordRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("version", r.version());
        m.put("createdAt", r.createdAt().toInstant());
        m.put("createdBy", r.createdBy());
        m.put("updatedAt", r.updatedAt().toInstant());
        m.put("updatedBy", r.updatedBy());
        m.put("owner", r.owner());
        m.put("data", r.data());
        return m;
    }
}
