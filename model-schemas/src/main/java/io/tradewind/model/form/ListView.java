package io.tradewind.model.form;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The list view of a form.
 *
 * @param columns
 *            field keys or system fields shown as columns; empty when absent
 * @param sort
 *            a field key or system field, prefixed with {@code -} for descending; null when absent
 * @param search
 *            text-like field keys searched by the {@code q} parameter; null when absent, meaning
 *            all text, email, phone and autonumber fields (see
 *            {@link FormDefinition#searchFieldKeys()})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ListView(List<String> columns, String sort, List<String> search) {

    /** Copies the lists; a null search list stays null (it means "the default"). */
    public ListView {
        columns = FieldSupport.copy(columns);
        search = search == null ? null : List.copyOf(search);
    }

    /** The sort field without its direction prefix, or null when there is no sort. */
    public String sortField() {
        return sort == null || !sort.startsWith("-") ? sort : sort.substring(1);
    }

    /** Whether the sort is descending ({@code -field}). */
    public boolean sortDescending() {
        return sort != null && sort.startsWith("-");
    }
}
