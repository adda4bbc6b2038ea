package org.together.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.together.http.ErrorBody;

/**
 * Reads a JSON request body within the contract's limits. Each check answers the client itself (with its
 * JSON error) and reports failure as an empty result, so handlers read as a list of gates.
 */
public final class JsonBody {

    /** 1 MiB, the contract's body limit. */
    public static final int MAX_BYTES = 1024 * 1024;

    private JsonBody() {
    }

    /**
     * {@code application/json}, optionally with {@code charset=utf-8}; anything else is answered 415, another charset
     * by name (the body is read as UTF-8 only).
     */
    public static boolean requireJsonContentType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null || !isJson(header)) {
            ApiError.send(ctx, 415, "Content-Type must be application/json (UTF-8)");
            return false;
        }
        Optional<String> charset = otherCharset(header);
        if (charset.isPresent()) {
            ApiError.send(ctx, 415, "Content-Type: charset '" + charset.get() + "' is not supported: send the body as "
                    + "UTF-8 (application/json or application/json; charset=utf-8)");
            return false;
        }
        return true;
    }

    /** The media type is application/json, whatever its charset. */
    static boolean isJson(String header) {
        return header.split(";", -1)[0].trim().equalsIgnoreCase("application/json");
    }

    /** A charset parameter other than UTF-8, as sent (without quotes), if there is one. */
    static Optional<String> otherCharset(String header) {
        String[] parts = header.split(";", -1);
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String charset = p.substring("charset=".length()).replace("\"", "").trim();
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return Optional.of(charset);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The body as a JSON object of at most {@link #MAX_BYTES}, or null once the error is answered: {@link #read}'s, or
     * 400 for another JSON value, saying the object expected ({@code shape}, like {@code "{name, names}"}).
     */
    public static ObjectNode readObject(Context ctx, String shape) throws IOException {
        JsonNode body = read(ctx, MAX_BYTES);
        if (body == null) {
            return null;
        }
        if (!body.isObject()) {
            ApiError.send(ctx, 400, "body must be a JSON object " + shape);
            return null;
        }
        return (ObjectNode) body;
    }

    /**
     * The parsed body, or null after answering 413 (over {@code maxBytes}) or 400 (empty, not UTF-8, not JSON).
     * An oversized body is drained (up to a bound) so the client gets its answer on a healthy connection.
     */
    public static JsonNode read(Context ctx, int maxBytes) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        Optional<Boolean> gzip = gzip(ctx);
        if (gzip.isEmpty()) {
            drain(ctx.req().getInputStream(), 8L * maxBytes);
            ApiError.send(ctx, 415, "Content-Encoding '" + ErrorBody.cut(ctx.header("Content-Encoding")) + "' is not "
                    + "supported: send the body as it is, or compressed with Content-Encoding: gzip");
            return null;
        }
        if (declared > maxBytes) {
            drain(ctx.req().getInputStream(), 8L * maxBytes);
            ApiError.send(ctx, 413, "body over " + maxBytes + " bytes (1 MiB)");
            return null;
        }
        byte[] bytes;
        try {
            // a gzip body is held to the same limit once decompressed, and read no further: a small bomb stays small
            bytes = readAtMost(gzip.get() ? new GZIPInputStream(ctx.req().getInputStream()) : ctx.req().getInputStream(),
                    maxBytes + 1);
        } catch (ZipException e) {
            ApiError.send(ctx, 400, "body is not gzip data, as its Content-Encoding: gzip says");
            return null;
        } catch (IOException e) {
            // the client went away or stopped short of its Content-Length: it may not even read this answer
            ApiError.send(ctx, 400, gzip.get() ? "the request body ended before its announced length or its gzip data "
                    + "ended early" : "the request body ended before its announced length");
            return null;
        }
        if (bytes.length > maxBytes) {
            drain(ctx.req().getInputStream(), 8L * maxBytes);
            ApiError.send(ctx, 413, "body over " + maxBytes + " bytes (1 MiB)" + (gzip.get() ? " once decompressed" : ""));
            return null;
        }
        if (bytes.length == 0) {
            ApiError.send(ctx, 400, "empty body: send one event object or an array of events");
            return null;
        }
        if (isPlainAscii(bytes)) {
            // the usual body: parsed from its bytes, without first decoding it into a String
            try {
                return Json.parse(bytes);
            } catch (JsonProcessingException e) {
                // answered below from the text, so the message is the same whichever way it was read
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            ApiError.send(ctx, 400, "body is not valid UTF-8");
            return null;
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            ApiError.send(ctx, 400, e instanceof StreamConstraintsException limit ? "body: " + overLimit(limit) + where(e)
                    : "body is not valid JSON" + where(e) + ": " + reason(e));
            return null;
        }
    }

    /**
     * Whether the body is gzip-compressed ({@code Content-Encoding: gzip}; none or {@code identity}: not), or empty
     * for an encoding this service does not decode.
     */
    static Optional<Boolean> gzip(Context ctx) {
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return Optional.of(false);
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        return e.equals("gzip") || e.equals("x-gzip") ? Optional.of(true) : Optional.empty();
    }

    /** The body's length once decoded as far as the request says, -1 when unknown (compressed, or not declared). */
    public static long decodedLength(Context ctx) {
        return gzip(ctx).orElse(true) ? -1 : ctx.req().getContentLengthLong();
    }

    /** Where the parser stopped, as a person reads a file: " at line 3, column 14". */
    static String where(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /**
     * One of the parser's limits, in the words of the other field errors rather than the parser's ("Document nesting
     * depth (33) exceeds the maximum allowed (32, from StreamReadConstraints.getMaxNestingDepth())").
     */
    static String overLimit(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Document nesting depth")) {
            return "nested deeper than " + Json.MAX_NESTING_DEPTH + " levels";
        }
        if (m.startsWith("Number value length")) {
            return "a number longer than " + Json.MAX_NUMBER_LENGTH + " digits";
        }
        if (m.startsWith("String value length")) {
            return "a text longer than " + Json.MAX_STRING_LENGTH + " characters";
        }
        // another limit: its own words, without the name of the setting
        return m.replaceAll("\\s*\\([^()]*from [^()]*\\(\\)`?\\)", "").trim();
    }

    /** The parser's reason without its own location text ("(start marker at [Source: REDACTED ...])"). */
    static String reason(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        int cut = m.indexOf(" (start marker at");
        if (cut < 0) {
            cut = m.indexOf("\n at [Source");
        }
        m = cut < 0 ? m : m.substring(0, cut);
        return m.replaceAll("\\s*\\[Source:[^\\]]*\\]", "").trim();
    }

    /**
     * Only bytes 0x01-0x7F (so valid UTF-8, and its text is the same read from bytes or characters), with no
     * zero byte at all: a parser given bytes guesses UTF-16 or UTF-32 from zeros and a BOM, one given text does not.
     */
    static boolean isPlainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }

    private static void drain(InputStream in, long bound) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < bound && (n = in.read(buffer)) > 0) {
            total += n;
        }
    }
}
