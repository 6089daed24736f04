package io.tradewind.runtime.form;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One stored record: system fields plus the field values of its form. */
public record RecordRow(UUID id, int version, ObjectNode data, UUID owner, OffsetDateTime createdAt, UUID createdBy,
        OffsetDateTime updatedAt, UUID updatedBy) {
}
