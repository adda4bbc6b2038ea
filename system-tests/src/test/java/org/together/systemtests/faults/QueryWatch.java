package org.together.systemtests.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Asks every instance the same questions once a second, as dashboards do, and keeps every answer: whether it was
 * 200, whether it was live or the last figures kept ({@code X-Together-Restoring}), and the participants it counted.
 */
final class QueryWatch implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** One answer to one question. {@code participantsEver}: -1 when the answer has none. */
    record Poll(long round, Instant at, String instance, String question, int status, boolean restoring, long participantsEver,
                String failure) {
        boolean ok() {
            return status == 200;
        }

        boolean live() {
            return ok() && !restoring;
        }
    }

    private final Map<String, String> instances;
    private final List<String> questions;
    private final List<Poll> polls = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

    /** @param instances name to base URL; @param questions paths with their query strings */
    QueryWatch(Map<String, String> instances, List<String> questions, Duration every) {
        this.instances = Map.copyOf(instances);
        this.questions = List.copyOf(questions);
        this.timer = Executors.newScheduledThreadPool(instances.size(), r -> {
            Thread t = new Thread(r, "query-watch");
            t.setDaemon(true);
            return t;
        });
        instances.forEach((name, url) -> timer.scheduleAtFixedRate(() -> round(name, url), 0, every.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void round(String instance, String url) {
        long round = rounds.incrementAndGet();
        for (String question : questions) {
            Instant at = Instant.now();
            Http.Answer a = Http.get(url + question, TIMEOUT);
            long ever = -1;
            if (a.ok() && a.body().startsWith("{")) {
                ever = a.json().path("participantsEver").asLong(-1);
            }
            polls.add(new Poll(round, at, instance, question, a.status(), a.header("X-Together-Restoring").isPresent(), ever, a.failure()));
        }
    }

    List<Poll> polls(String instance) {
        return polls.stream().filter(p -> p.instance().equals(instance)).toList();
    }

    /** The first moment at or after {@code from} when the instance answered every question 200. */
    Optional<Instant> firstAnsweredAll(String instance, Instant from) {
        return firstRound(instance, from, Poll::ok);
    }

    /** The first moment at or after {@code from} when the instance answered every question live (not the last figures). */
    Optional<Instant> firstLive(String instance, Instant from) {
        return firstRound(instance, from, Poll::live);
    }

    private Optional<Instant> firstRound(String instance, Instant from, java.util.function.Predicate<Poll> good) {
        Map<Long, List<Poll>> byRound = new java.util.TreeMap<>(polls(instance).stream()
                .filter(p -> !p.at().isBefore(from)).collect(Collectors.groupingBy(Poll::round)));
        for (List<Poll> round : byRound.values()) {
            if (round.size() == questions.size() && round.stream().allMatch(good)) {
                return Optional.of(round.get(0).at());
            }
        }
        return Optional.empty();
    }

    /**
     * The longest time one question went without a 200 from the instance within [from, to]: from its first failed
     * answer to its last consecutive one (a 503, or no answer at all).
     */
    Unavailability longestUnavailable(String instance, Instant from, Instant to) {
        Unavailability longest = new Unavailability(instance, "", Duration.ZERO, List.of());
        for (String question : questions) {
            List<Poll> streak = new ArrayList<>();
            for (Poll p : polls(instance)) {
                if (!p.question().equals(question) || p.at().isBefore(from) || p.at().isAfter(to)) {
                    continue;
                }
                if (p.ok()) {
                    streak.clear();
                } else {
                    streak.add(p);
                    Duration span = Duration.between(streak.get(0).at(), p.at());
                    if (span.compareTo(longest.span()) > 0 || longest.polls().isEmpty()) {
                        longest = new Unavailability(instance, question, span, List.copyOf(streak));
                    }
                }
            }
        }
        return longest;
    }

    /** A streak of failed answers to one question. */
    record Unavailability(String instance, String question, Duration span, List<Poll> polls) {
        @Override
        public String toString() {
            return polls.isEmpty() ? instance + ": never unavailable"
                    : instance + " " + question + " unavailable for " + span.toMillis() + " ms: "
                    + polls.stream().map(p -> p.status() == 0 ? "no answer" : String.valueOf(p.status())).collect(Collectors.joining(","));
        }
    }

    /** Live answers with {@code participantsEver} below {@code floor} at or after {@code from}: half-restored figures. */
    List<Poll> liveBelow(String instance, String question, long floor, Instant from) {
        return polls(instance).stream().filter(p -> p.question().equals(question) && !p.at().isBefore(from) && p.live()
                && p.participantsEver() >= 0 && p.participantsEver() < floor).toList();
    }

    /** The highest {@code participantsEver} the instance answered live before {@code to}. */
    long highestLive(String instance, String question, Instant to) {
        return polls(instance).stream().filter(p -> p.question().equals(question) && p.at().isBefore(to) && p.live())
                .mapToLong(Poll::participantsEver).max().orElse(-1);
    }

    /** Writes every answer kept, one line each, for reading after a failure. */
    void save(java.nio.file.Path file) {
        StringBuilder out = new StringBuilder("round,at,instance,question,status,restoring,participantsEver,failure\n");
        for (Poll p : polls) {
            out.append(p.round()).append(',').append(p.at()).append(',').append(p.instance()).append(',').append(p.question())
                    .append(',').append(p.status()).append(',').append(p.restoring()).append(',').append(p.participantsEver())
                    .append(',').append(p.failure() == null ? "" : p.failure().replace(',', ';')).append('\n');
        }
        try {
            java.nio.file.Files.writeString(file, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
