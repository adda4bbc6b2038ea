package org.together.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A client of the ingest API as territory apps and the coordination team use it. Retrying is safe:
 * the API is idempotent by eventId, so a resend of an already stored event is reported a duplicate.
 * A {@code 503} or {@code 429} is retried after its {@code Retry-After}; a refused or timed-out connection with backoff.
 */
public final class IngestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration giveUpAfter;
    private final Waits waits;

    /** Told before each wait to resend, so that a command can say why it pauses. */
    @FunctionalInterface
    public interface Waits {
        /**
         * @param why the answer or failure that makes it wait (with the API's message when it gave one)
         * @param wait how long it waits before sending the same request again
         * @param left how long it may keep trying before it gives up
         */
        void waiting(String why, Duration wait, Duration left);
    }

    /** The answer to one request; {@code body} is a MissingNode when it was not JSON. */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Thrown when the service stays unavailable past the retry budget. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public IngestClient(URI base, Duration giveUpAfter) {
        this(base, giveUpAfter, (why, wait, left) -> { });
    }

    public IngestClient(URI base, Duration giveUpAfter, Waits waits) {
        this.base = base;
        this.giveUpAfter = giveUpAfter;
        this.waits = waits;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    public Response post(String path, String bearerToken, byte[] jsonBody) {
        return send(path, bearerToken, HttpRequest.BodyPublishers.ofByteArray(jsonBody), "POST");
    }

    public Response get(String path, String bearerToken) {
        return send(path, bearerToken, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    private Response send(String path, String bearerToken, HttpRequest.BodyPublisher body, String method) {
        URI uri = base.resolve(path);
        Instant deadline = Instant.now().plus(giveUpAfter);
        Duration backoff = Duration.ofMillis(200);
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json")
                    .method(method, body);
            if (bearerToken != null) {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            if (!method.equals("GET")) {
                request.header("Content-Type", "application/json");
            }
            Duration wait;
            String why;
            Throwable cause = null;
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                // 503: the service is not ready or Kafka is away; 429: a territory token over its rate limit
                if (response.statusCode() != 503 && response.statusCode() != 429) {
                    return new Response(response.statusCode(), parse(response.body()));
                }
                wait = retryAfter(response).orElse(backoff);
                why = (response.statusCode() == 503 ? "503 Service Unavailable" : "429 Too Many Requests")
                        + parse(response.body()).path("message").asText("").transform(m -> m.isEmpty() ? "" : ": " + m);
            } catch (ConnectException | HttpTimeoutException e) {
                if (unresolved(e)) {
                    // a name that does not resolve now will not in ten minutes either: a typo, not a flaky network
                    throw new UnavailableException(uri.getHost() + ": unknown host, check --ingest (" + base + ")", e);
                }
                wait = backoff;
                why = describe(e, uri);
                cause = e;
            } catch (IOException e) {
                // a dropped connection: the request may or may not have been stored; a resend is safe
                wait = backoff;
                why = "connection to " + hostAndPort(uri) + " lost" + (e.getMessage() != null ? ": " + e.getMessage() : "");
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while sending to " + uri, e);
            }
            if (Instant.now().plus(wait).isAfter(deadline)) {
                throw new UnavailableException(uri + " still unavailable after " + giveUpAfter.toSeconds() + " s (" + why + ")", cause);
            }
            waits.waiting(why, wait, Duration.between(Instant.now(), deadline));
            sleep(wait);
            backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
        }
    }

    /** Whether the failure is a host name that did not resolve (the JDK's client wraps it in a ConnectException). */
    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** What a user reads for a failed connection: what happened and with which host, not the exception's class. */
    private static String describe(IOException e, URI uri) {
        String where = hostAndPort(uri);
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection to " + where + " within 5 s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer from " + where + " within 60 s";
        }
        String detail = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                detail = t.getMessage();
                break;
            }
        }
        if (detail == null) {
            // the JDK's client reports a refused connection as ConnectException over ClosedChannelException, no message
            return "connection refused by " + where;
        }
        return detail.toLowerCase(java.util.Locale.ROOT).contains("refused") ? "connection refused by " + where
                : "no connection to " + where + ": " + detail;
    }

    private static String hostAndPort(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** Retry-After in seconds (the API's form) or as an HTTP date, capped at a minute. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(IngestClient::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            try {
                Instant at = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.strip(), Instant::from);
                wait = Duration.between(Instant.now(), at);
            } catch (java.time.format.DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : wait);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting to retry", e);
        }
    }
}
