package io.tradewind.model.form;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The views of a form.
 *
 * @param list
 *            the list (table) view, null when absent (the runtime then shows its defaults)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FormViews(ListView list) {

    /** Views with nothing configured. */
    public static final FormViews NONE = new FormViews(null);
}
