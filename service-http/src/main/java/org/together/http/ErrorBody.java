package org.together.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON error body of every service's answers that are not a route's own: {@code {status, error, message}}. */
public final class ErrorBody {

    /** The longest id, path or other unbroken text an error message echoes as sent. */
    public static final int MAX_ECHO = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Text without a space longer than {@link #MAX_ECHO}: no message of ours has such a word but an echoed one. */
    private static final Pattern LONG_WORD = Pattern.compile("\\S{" + (MAX_ECHO + 1) + ",}");

    private ErrorBody() {
    }

    public static byte[] of(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason(status));
        body.put("message", cut(message));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The message with each unbroken run of more than {@link #MAX_ECHO} characters (an id or path echoed as sent)
     * cut to its first {@link #MAX_ECHO} and "…": a 5,000-character id is not sent back whole.
     */
    public static String cut(String message) {
        if (message == null || message.length() <= MAX_ECHO) {
            return message;
        }
        Matcher m = LONG_WORD.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            int end = word.offsetByCodePoints(0, Math.min(MAX_ECHO, word.codePointCount(0, word.length())));
            if (end < word.length()) {
                m.appendReplacement(out, Matcher.quoteReplacement(word.substring(0, end) + "…"));
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The status' reason phrase (RFC 9110's names). */
    public static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}
