package org.together.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * What the integration and dashboard tests wait for (figures counted, a file saved, a token refused) comes a moment
 * after they cause it: these loops poll for it, failing the test with its own words once its timeout has passed.
 */
public final class Poll {

    /** A check that may call the services, and so throw. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A read of the query API, which may throw. */
    @FunctionalInterface
    public interface Read {
        HttpResponse<String> get() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Poll() {
    }

    /**
     * Checks {@code condition} until it holds, {@code pause} apart; after each miss, fails as {@code what} once
     * {@code timeout} (counted from this call) has passed.
     */
    public static void until(String what, Duration timeout, Duration pause, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(pause.toMillis());
        }
    }

    /**
     * Reads {@code path} ({@code read}, every 250 ms) until it answers 200 with a body that satisfies
     * {@code condition}, and returns that body; never a 500 meanwhile. Figures arrive within seconds, a rebalance takes
     * longer: 90 s at most.
     */
    public static JsonNode answer(String path, Read read, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = read.get();
            last = response.statusCode() + " " + response.body();
            assertThat(response.statusCode()).as("never a 500: " + last).isNotEqualTo(500);
            if (response.statusCode() == 200) {
                JsonNode body = JSON.readTree(response.body());
                if (condition.test(body)) {
                    return body;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no satisfying answer from " + path + " within 90 s; last: " + last);
    }
}
