package org.together.ingest.validation;

import org.together.http.ErrorBody;

/** One broken rule: the path of the field ({@code criteria[2].dimension}) and what the rule is. */
public record FieldError(String field, String message) {

    /** An unknown field's name and a value quoted in the rule are as sent: cut when long ({@link ErrorBody#cut}). */
    public FieldError {
        field = ErrorBody.cut(field);
        message = ErrorBody.cut(message);
    }
}
