package org.together.ingest.validation;

/** One broken rule: the path of the field ({@code criteria[2].dimension}) and what the rule is. */
public record FieldError(String field, String message) {
}
