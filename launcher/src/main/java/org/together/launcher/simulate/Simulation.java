package org.together.launcher.simulate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import org.together.schemas.Annex1;

/**
 * The territory traffic the simulator sends, generated step by step in simulated time: territories join
 * the network over time, participants join each territory along an S-curve, use the tools (discovered,
 * started, completed, rated), assess their footprint, meet in workshops of 7 to 12 citizens that write
 * SPIRAL criteria and sometimes co-evaluate, leave and sometimes come back. Offline territories keep
 * their events and sync them in late bursts.
 *
 * <p>Simulated time starts {@code historyDays} before the wall clock and runs as fast as the sender
 * drains it; events never claim to have occurred after the wall clock, so once simulated time catches
 * up, new events occur "now". Deterministic for a seed and run tag: tests replay it without a network.
 */
public final class Simulation {

    /** Simulated time one {@link #step} covers. */
    public static final Duration STEP = Duration.ofHours(6);
    /** The API takes at most this many events per request. */
    public static final int MAX_BATCH = 1000;

    /**
     * @param territories how many territories join over the run
     * @param rate events per second the sender allows itself
     * @param duration how long the sender runs (empty: until stopped)
     * @param historyDays how far back simulated time starts (events up to 400 days old are accepted)
     * @param runTag makes this run's participant, group and event ids its own, so a rerun adds a new cohort
     */
    public record Settings(int territories, double rate, Optional<Duration> duration, long seed, int historyDays, String runTag) {
        public Settings {
            if (territories < 1) {
                throw new IllegalArgumentException("territories must be at least 1");
            }
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate must be more than 0 events per second");
            }
            if (historyDays < 0 || historyDays > 365) {
                throw new IllegalArgumentException("history must be 0 to 365 days (the API takes events up to 400 days old)");
            }
            if (!runTag.matches("[a-z0-9]{1,8}")) {
                throw new IllegalArgumentException("run tag must be 1 to 8 of a-z, 0-9");
            }
        }

        /** What {@code together run --demo} feeds: 36 territories, four months of history, then live traffic. */
        public static Settings demo(double rate) {
            return new Settings(36, rate, Optional.empty(), new Random().nextLong(), 120, newRunTag());
        }

        public static String newRunTag() {
            return Long.toString(Math.floorMod(new java.security.SecureRandom().nextLong(), 36L * 36 * 36 * 36), 36);
        }
    }

    /** Something to send, in order. */
    public sealed interface Outgoing permits Registration, Batch {
    }

    /** Register this territory (the coordination team's {@code POST /api/v1/territories}). */
    public record Registration(Place place) implements Outgoing {
    }

    /**
     * Events one territory's app sends in one request.
     *
     * @param lateSync an offline app syncing what it kept: its events occurred hours to weeks ago
     */
    public record Batch(String territoryId, List<ObjectNode> events, boolean lateSync) implements Outgoing {
    }

    static final List<String> TOOLS = List.of("wellbeing-workshop", "choices-guide", "footprint-calculator",
            "co-evaluation-grid", "action-plan", "added-value-grid");
    static final String DIMENSIONS = "ABCDEFGHI";
    /** How often each SPIRAL dimension comes up in workshop notes: relations and essentials first. */
    private static final double[] DIMENSION_WEIGHTS = {1.6, 1.0, 0.8, 1.5, 0.9, 1.1, 0.9, 0.9, 0.7};
    private static final String[] QUESTIONS = {"wellbeing", "illbeing", "action"};
    private static final String[] ROLES = {"citizen", "association", "public-actor", "private-actor", "other"};
    private static final double[] ROLE_WEIGHTS = {0.80, 0.08, 0.06, 0.04, 0.02};
    private static final String[] CHANNELS = {"workshop", "online", "event", "other"};
    private static final double[] CHANNEL_WEIGHTS = {0.50, 0.25, 0.20, 0.05};
    private static final String[] APPS = {"spiral-app", "together-web", "kobo-forms"};
    /** Decentralised approaches a territory runs (Annex 1), how common each is, its short id and tonnes avoided a year. */
    private static final String[] APPROACH_KINDS = {"community-supported-agriculture", "local-partnership", "exchange-system",
            "shared-mobility", "community-health", "local-energy", "other"};
    private static final double[] APPROACH_WEIGHTS = {3, 2.5, 2, 1.5, 1, 1, 0.5};
    private static final String[] APPROACH_IDS = {"csa", "leader", "sel", "carpool", "health-centre", "energy-coop", "other"};
    private static final double[] TONNES_AVOIDED = {6, 2, 1.5, 12, 0.5, 40, 1};
    private static final String[] EVIDENCE = {"spiral-co-evaluation", "survey", "cost-accounting", "other"};
    private static final double[] EVIDENCE_WEIGHTS = {0.5, 0.25, 0.2, 0.05};
    // codes only: free text about why a person left could name or describe them
    private static final String[] LEAVE_REASONS = {"moved", "no-time", "lost-interest", "project-ended", "other"};

    /** Individual tool funnels: probability to discover, then to start once discovered, then to complete once started. */
    private record Funnel(String toolId, double discover, double start, double complete, double meanRating, int minutes) {
    }

    private static final List<Funnel> FUNNELS = List.of(
            new Funnel("choices-guide", 0.55, 0.60, 0.55, 4.1, 40),
            new Funnel("footprint-calculator", 0.60, 0.70, 0.75, 3.8, 25),
            new Funnel("action-plan", 0.30, 0.50, 0.40, 3.9, 90),
            new Funnel("added-value-grid", 0.25, 0.45, 0.50, 3.5, 60),
            new Funnel("wellbeing-workshop", 0.25, 0.0, 0.0, 4.4, 150),
            new Funnel("co-evaluation-grid", 0.15, 0.0, 0.0, 4.0, 120));

    private final Settings settings;
    private final Random random;
    private final Random ids;
    private final Instant origin;
    private final List<Territory> territories = new ArrayList<>();
    private final PriorityQueue<Action> agenda = new PriorityQueue<>(
            Comparator.comparing(Action::at).thenComparingLong(Action::sequence));
    private final List<Emitted> emitted = new ArrayList<>();
    private Instant simTime;
    private Instant lastOccurredAt = Instant.EPOCH;
    private long sequence;
    private int participantsActive;
    private int participantsEver;

    private record Action(Instant at, long sequence, Runnable run) {
    }

    private record Emitted(Territory territory, Instant simTime, ObjectNode event) {
    }

    private final class Territory {
        final int index;
        final Place place;
        final Instant joinsAt;
        final boolean offline;
        final double capacity;
        final double growth;
        final double midpointDay;
        final String app;
        boolean joined;
        int ever;
        int groups;
        Group openGroup;
        final List<Participant> participants = new ArrayList<>();
        final List<ObjectNode> outbox = new ArrayList<>();
        Instant nextSync;

        Territory(int index, Place place, Instant joinsAt, boolean offline, double capacity, double growth,
                double midpointDay, String app) {
            this.index = index;
            this.place = place;
            this.joinsAt = joinsAt;
            this.offline = offline;
            this.capacity = capacity;
            this.growth = growth;
            this.midpointDay = midpointDay;
            this.app = app;
        }

        /** Participants expected to have joined by {@code t}: a logistic curve starting from zero at the join. */
        double expected(Instant t) {
            double day = days(joinsAt, t);
            return day <= 0 ? 0 : logistic(day) - logistic(0);
        }

        private double logistic(double day) {
            return capacity / (1 + Math.exp(-growth * (day - midpointDay)));
        }
    }

    private static final class Participant {
        final String id;
        final String role;
        boolean active;

        Participant(String id, String role) {
            this.id = id;
            this.role = role;
        }
    }

    private record Group(String id, int size, List<Participant> members) {
    }

    public Simulation(Settings settings, Instant wallStart) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.ids = new Random(settings.seed() * 31 + settings.runTag().hashCode());
        this.origin = wallStart.minus(Duration.ofDays(settings.historyDays())).truncatedTo(ChronoUnit.HOURS);
        this.simTime = origin;
        List<Place> places = Place.first(settings.territories());
        // a quarter of the territories are there from the start, the others join over the history and after it
        double spread = Math.max(30, settings.historyDays() * 1.25);
        for (int i = 0; i < places.size(); i++) {
            Place place = places.get(i);
            double joinDay = i < Math.max(1, places.size() / 4) ? random.nextDouble() * 7 : 7 + random.nextDouble() * spread;
            double spanDays = 40 + random.nextDouble() * 80;
            territories.add(new Territory(i, place, origin.plus(days(joinDay)), random.nextDouble() < 0.3,
                    capacity(place.kind()), Math.log(81) / spanDays, spanDays / 2 + random.nextDouble() * 15,
                    APPS[random.nextInt(APPS.length)]));
        }
    }

    private double capacity(String kind) {
        double[] range = switch (kind) {
            case "village" -> new double[] {20, 60};
            case "neighbourhood", "municipality" -> new double[] {60, 210};
            case "city" -> new double[] {120, 350};
            case "region" -> new double[] {100, 300};
            case "collective-actor" -> new double[] {20, 80};
            default -> new double[] {8, 30};
        };
        return range[0] + random.nextDouble() * (range[1] - range[0]);
    }

    public Settings settings() {
        return settings;
    }

    public Instant simTime() {
        return simTime;
    }

    public Instant origin() {
        return origin;
    }

    /** Whether simulated time has reached the wall clock (history replayed, traffic now live). */
    public boolean caughtUp(Instant wallNow) {
        return !simTime.isBefore(wallNow);
    }

    public int participantsActive() {
        return participantsActive;
    }

    public int participantsEver() {
        return participantsEver;
    }

    /**
     * Events offline apps keep for their next sync: occurred in the simulation, not sent yet. A run that stops leaves
     * them unsent, so the pipeline counts fewer than the simulation.
     */
    public int unsentEvents() {
        return territories.stream().mapToInt(t -> t.outbox.size()).sum();
    }

    /** The offline apps holding {@link #unsentEvents()}. */
    public int appsWithUnsentEvents() {
        return (int) territories.stream().filter(t -> !t.outbox.isEmpty()).count();
    }

    /** The ids of {@link #unsentEvents()}. */
    List<String> unsentEventIds() {
        return territories.stream().flatMap(t -> t.outbox.stream()).map(e -> e.get("eventId").asText()).toList();
    }

    public int territoriesJoined() {
        return (int) territories.stream().filter(t -> t.joined).count();
    }

    /**
     * Advances simulated time by {@link #STEP} and returns what to send for it: registrations of the
     * territories that join, then batches of events.
     *
     * @param wallNow the wall clock: no event claims to have occurred after it
     */
    public List<Outgoing> step(Instant wallNow) {
        Instant stepStart = simTime;
        Instant stepEnd = simTime.plus(STEP);
        List<Outgoing> out = new ArrayList<>();
        for (Territory t : territories) {
            if (!t.joined && t.joinsAt.isBefore(stepEnd)) {
                t.joined = true;
                t.nextSync = t.joinsAt.plus(days(2 + random.nextDouble() * 12));
                out.add(new Registration(t.place));
                approaches(t);
            }
        }
        for (Territory t : territories) {
            if (!t.joined) {
                continue;
            }
            leaves(t, stepStart, stepEnd);
            Instant from = t.joinsAt.isAfter(stepStart) ? t.joinsAt : stepStart;
            int target = (int) Math.floor(t.expected(stepEnd));
            while (t.ever < target) {
                join(t, between(from, stepEnd));
            }
        }
        while (!agenda.isEmpty() && agenda.peek().at().isBefore(stepEnd)) {
            agenda.poll().run().run();
        }
        simTime = stepEnd;
        route(wallNow, stepEnd, out);
        return out;
    }

    /** Stamps occurredAt in simulated order, then hands events to online apps now and to offline outboxes. */
    private void route(Instant wallNow, Instant stepEnd, List<Outgoing> out) {
        emitted.sort(Comparator.comparing(Emitted::simTime));
        java.util.Map<Territory, List<ObjectNode>> online = new java.util.LinkedHashMap<>();
        for (Emitted e : emitted) {
            // never after the wall clock, and strictly increasing: a leave never ties with its rejoin
            Instant occurredAt = (e.simTime().isBefore(wallNow) ? e.simTime() : wallNow).truncatedTo(ChronoUnit.MILLIS);
            if (!occurredAt.isAfter(lastOccurredAt)) {
                occurredAt = lastOccurredAt.plusMillis(1);
            }
            lastOccurredAt = occurredAt;
            e.event().put("occurredAt", occurredAt.toString());
            if (e.territory().offline) {
                e.territory().outbox.add(e.event());
            } else {
                online.computeIfAbsent(e.territory(), k -> new ArrayList<>()).add(e.event());
            }
        }
        emitted.clear();
        online.forEach((t, events) -> batches(t.place.id(), events, false, out));
        for (Territory t : territories) {
            if (t.offline && t.joined && !t.nextSync.isAfter(stepEnd) && !t.outbox.isEmpty()) {
                batches(t.place.id(), List.copyOf(t.outbox), true, out);
                t.outbox.clear();
                t.nextSync = stepEnd.plus(days(2 + random.nextDouble() * 12));
            }
        }
    }

    private static void batches(String territoryId, List<ObjectNode> events, boolean late, List<Outgoing> out) {
        for (int i = 0; i < events.size(); i += MAX_BATCH) {
            out.add(new Batch(territoryId, List.copyOf(events.subList(i, Math.min(events.size(), i + MAX_BATCH))), late));
        }
    }

    private void join(Territory t, Instant at) {
        t.ever++;
        participantsEver++;
        Participant p = new Participant(String.format(Locale.ROOT, "p-%s-%d-%d", settings.runTag(), t.index, t.ever),
                pick(ROLES, ROLE_WEIGHTS));
        t.participants.add(p);
        String channel = pick(CHANNELS, CHANNEL_WEIGHTS);
        Group group = null;
        if (channel.equals("workshop")) {
            group = workshopGroup(t);
            group.members().add(p);
        }
        joined(t, p, at, channel, group);
        if (group != null && group.members().size() == group.size()) {
            t.openGroup = null;
            Group full = group;
            schedule(at.plus(days(1 + random.nextDouble() * 9)), () -> workshop(t, full));
        }
        for (Funnel funnel : FUNNELS) {
            if (random.nextDouble() < funnel.discover()) {
                schedule(at.plus(days(random.nextDouble() * 20)), () -> discovered(t, p, funnel));
            }
        }
    }

    private void joined(Territory t, Participant p, Instant at, String channel, Group group) {
        p.active = true;
        participantsActive++;
        ObjectNode e = event(t, "participant.joined");
        e.put("participantId", p.id);
        e.put("role", p.role);
        if (group != null) {
            e.put("groupId", group.id());
        }
        e.put("channel", channel);
        emit(t, at, e);
    }

    private Group workshopGroup(Territory t) {
        if (t.openGroup == null) {
            t.groups++;
            t.openGroup = new Group(String.format(Locale.ROOT, "g-%s-%d-%d", settings.runTag(), t.index, t.groups),
                    7 + random.nextInt(6), new ArrayList<>());
        }
        return t.openGroup;
    }

    private void leaves(Territory t, Instant stepStart, Instant stepEnd) {
        double chance = 0.002 * STEP.toHours() / 24.0;
        for (Participant p : t.participants) {
            if (p.active && random.nextDouble() < chance) {
                Instant at = between(stepStart, stepEnd);
                p.active = false;
                participantsActive--;
                ObjectNode e = event(t, "participant.left");
                e.put("participantId", p.id);
                if (random.nextBoolean()) {
                    e.put("reason", LEAVE_REASONS[random.nextInt(LEAVE_REASONS.length)]);
                }
                emit(t, at, e);
                if (random.nextDouble() < 0.4) {
                    schedule(at.plus(days(7 + random.nextDouble() * 53)), () -> {
                        if (!p.active) {
                            joined(t, p, simTimeOf(), random.nextBoolean() ? "event" : "online", null);
                        }
                    });
                }
            }
        }
    }

    private void discovered(Territory t, Participant p, Funnel funnel) {
        if (!p.active) {
            return;
        }
        emit(t, simTimeOf(), toolUsed(t, funnel.toolId(), "discovered", p.id, null, null, null));
        if (random.nextDouble() < funnel.start()) {
            schedule(simTimeOf().plus(days(0.5 + random.nextDouble() * 14)), () -> started(t, p, funnel));
        }
    }

    private void started(Territory t, Participant p, Funnel funnel) {
        if (!p.active) {
            return;
        }
        emit(t, simTimeOf(), toolUsed(t, funnel.toolId(), "started", p.id, null, null, null));
        if (random.nextDouble() < funnel.complete()) {
            schedule(simTimeOf().plus(days(random.nextDouble() * 10)), () -> completed(t, p, funnel));
        }
    }

    private void completed(Territory t, Participant p, Funnel funnel) {
        if (!p.active) {
            return;
        }
        Integer rating = random.nextDouble() < 0.8 ? rating(funnel.meanRating()) : null;
        int minutes = (int) Math.max(5, funnel.minutes() * (0.5 + random.nextDouble()));
        emit(t, simTimeOf(), toolUsed(t, funnel.toolId(), "completed", p.id, null, rating, minutes));
        if (funnel.toolId().equals("footprint-calculator")) {
            double tonnes = footprint(t, p, Math.exp(Math.log(6.5) + 0.45 * random.nextGaussian()));
            if (random.nextDouble() < 0.25) {
                // some reassess a few months later, usually a little lower
                schedule(simTimeOf().plus(days(60 + random.nextDouble() * 60)), () -> {
                    if (p.active) {
                        footprint(t, p, tonnes * (0.75 + random.nextDouble() * 0.2));
                    }
                });
            }
        }
    }

    /** A full workshop group writes its notes on SPIRAL's three questions; some later co-evaluate. */
    private void workshop(Territory t, Group group) {
        Instant at = simTimeOf();
        emit(t, at, toolUsed(t, "wellbeing-workshop", "started", null, group.id(), null, null));
        ObjectNode e = event(t, "wellbeing.evaluated");
        e.put("groupId", group.id());
        e.put("participantsCount", group.size());
        e.put("method", "spiral-criteria");
        var criteria = e.putArray("criteria");
        for (String question : QUESTIONS) {
            int dimensions = 3 + random.nextInt(5);
            List<Character> chosen = new ArrayList<>();
            while (chosen.size() < dimensions) {
                char d = DIMENSIONS.charAt(pickIndex(DIMENSION_WEIGHTS));
                if (!chosen.contains(d)) {
                    chosen.add(d);
                }
            }
            for (char d : chosen) {
                ObjectNode c = criteria.addObject();
                c.put("dimension", String.valueOf(d));
                if (random.nextDouble() < 0.4) {
                    c.put("component", d + "0" + (1 + random.nextInt(5)));
                }
                c.put("question", question);
                c.put("count", 1 + random.nextInt(group.size() / 2 + 2));
            }
        }
        emit(t, at, e);
        emit(t, at.plusSeconds(60), toolUsed(t, "wellbeing-workshop", "completed", null, group.id(),
                rating(4.4), 120 + random.nextInt(60)));
        if (random.nextDouble() < 0.3) {
            schedule(at.plus(days(30 + random.nextDouble() * 60)), () -> coEvaluation(t, group));
        }
        if (random.nextDouble() < 0.4) {
            schedule(at.plus(days(7 + random.nextDouble() * 14)), () -> {
                emit(t, simTimeOf(), toolUsed(t, "action-plan", "started", null, group.id(), null, null));
                if (random.nextDouble() < 0.6) {
                    schedule(simTimeOf().plus(days(14 + random.nextDouble() * 30)), () -> emit(t, simTimeOf(),
                            toolUsed(t, "action-plan", "completed", null, group.id(), rating(4.0), 90 + random.nextInt(120))));
                }
            });
        }
    }

    private void coEvaluation(Territory t, Group group) {
        Instant at = simTimeOf();
        emit(t, at, toolUsed(t, "co-evaluation-grid", "started", null, group.id(), null, null));
        ObjectNode e = event(t, "wellbeing.evaluated");
        e.put("groupId", group.id());
        e.put("participantsCount", Math.max(1, group.size() - random.nextInt(3)));
        e.put("method", "co-evaluation");
        ObjectNode scores = e.putObject("scores");
        int dimensions = 6 + random.nextInt(4);
        for (int i = 0; i < DIMENSIONS.length() && scores.size() < dimensions; i++) {
            if (random.nextDouble() < dimensions / 9.0 || DIMENSIONS.length() - i <= dimensions - scores.size()) {
                scores.put(String.valueOf(DIMENSIONS.charAt(i)), 1 + pickIndex(new double[] {1, 2, 4, 3, 1}));
            }
        }
        emit(t, at, e);
        emit(t, at.plusSeconds(60), toolUsed(t, "co-evaluation-grid", "completed", null, group.id(),
                rating(4.0), 90 + random.nextInt(60)));
    }

    /** One to three local approaches, first evaluated with the added-value grid a few weeks in, then every quarter or so. */
    private void approaches(Territory t) {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int kind = pickIndex(APPROACH_WEIGHTS);
            String id = APPROACH_IDS[kind] + "-" + (i + 1);
            double quality = 2.3 + random.nextDouble() * 2;
            double tonnes = TONNES_AVOIDED[kind] * (0.5 + random.nextDouble());
            schedule(t.joinsAt.plus(days(5 + random.nextDouble() * 40)), () -> approachEvaluated(t, id, kind, quality, tonnes));
        }
    }

    private void approachEvaluated(Territory t, String approachId, int kind, double quality, double tonnes) {
        Instant at = simTimeOf();
        ObjectNode e = event(t, "approach.evaluated");
        e.put("approachId", approachId);
        e.put("approachKind", APPROACH_KINDS[kind]);
        e.put("subject", random.nextDouble() < 0.8 ? "approach" : "action-type");
        String group = t.openGroup != null ? t.openGroup.id() : null;
        if (group != null) {
            e.put("groupId", group);
        }
        ObjectNode efficiency = e.putObject("resourceEfficiency");
        for (String component : Annex1.RESOURCE_EFFICIENCY) {
            if (random.nextDouble() < 0.7) {
                efficiency.put(component, score(quality));
            }
        }
        ObjectNode wellbeing = e.putObject("immaterialWellbeing");
        for (String component : Annex1.IMMATERIAL_WELLBEING) {
            if (random.nextDouble() < 0.85 || efficiency.isEmpty() && wellbeing.isEmpty()) {
                wellbeing.put(component, score(quality + 0.4));
            }
        }
        var elements = e.putArray("keyElements");
        double[] likely = {0.45, 0.6, 0.75};
        for (int i = 0; i < Annex1.KEY_ELEMENTS.size(); i++) {
            if (random.nextDouble() < likely[i]) {
                elements.add(Annex1.KEY_ELEMENTS.get(i));
            }
        }
        e.put("evidence", pick(EVIDENCE, EVIDENCE_WEIGHTS));
        if (random.nextDouble() < 0.7) {
            e.put("tonnesCo2eAvoidedPerYear", Math.round(tonnes * 10) / 10.0);
        }
        if (group != null) {
            emit(t, at, toolUsed(t, "added-value-grid", "started", null, group, null, null));
        }
        emit(t, at, e);
        schedule(at.plus(days(60 + random.nextDouble() * 60)),
                () -> approachEvaluated(t, approachId, kind, Math.min(4.6, quality + 0.15), tonnes * 1.1));
    }

    private int score(double mean) {
        return Math.max(1, Math.min(5, (int) Math.round(mean + random.nextGaussian() * 0.8)));
    }

    private double footprint(Territory t, Participant p, double target) {
        double tonnes = Math.min(18, Math.max(0.9, target));
        double[] shares = {0.24, 0.28, 0.26, 0.15, 0.07};
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] *= 0.7 + random.nextDouble() * 0.6;
            sum += shares[i];
        }
        String[] parts = {"food", "housing", "mobility", "goods", "publicServices"};
        ObjectNode e = event(t, "footprint.assessed");
        e.put("participantId", p.id);
        ObjectNode breakdown = JsonNodeFactory.instance.objectNode();
        double total = 0;
        for (int i = 0; i < parts.length; i++) {
            double part = Math.round(tonnes * shares[i] / sum * 100) / 100.0;
            breakdown.put(parts[i], part);
            total += part;
        }
        total = Math.round(total * 100) / 100.0;
        e.put("tonnesCo2ePerYear", total);
        e.set("breakdown", breakdown);
        emit(t, simTimeOf(), e);
        return total;
    }

    private ObjectNode toolUsed(Territory t, String toolId, String stage, String participantId, String groupId,
            Integer rating, Integer minutes) {
        ObjectNode e = event(t, "tool.used");
        e.put("toolId", toolId);
        e.put("stage", stage);
        if (participantId != null) {
            e.put("participantId", participantId);
        }
        if (groupId != null) {
            e.put("groupId", groupId);
        }
        if (rating != null) {
            e.put("rating", rating);
        }
        if (minutes != null) {
            e.put("durationMinutes", minutes);
        }
        return e;
    }

    /** A new event with its envelope; occurredAt is stamped when the step is routed. */
    private ObjectNode event(Territory t, String type) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("eventId", new UUID((ids.nextLong() & ~0xF000L) | 0x4000L,
                (ids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString());
        e.put("type", type);
        e.put("territoryId", t.place.id());
        ObjectNode source = e.putObject("source");
        source.put("app", t.app);
        source.put("version", "2." + (t.index % 4) + ".0");
        source.put("formVersion", "2021-06");
        return e;
    }

    private void emit(Territory t, Instant at, ObjectNode event) {
        emitted.add(new Emitted(t, at, event));
    }

    /** The time of the action being run (actions run in order; the agenda head was just polled). */
    private Instant simTimeOf() {
        return currentActionTime;
    }

    private Instant currentActionTime;

    private void schedule(Instant at, Runnable run) {
        agenda.add(new Action(at, sequence++, () -> {
            currentActionTime = at;
            run.run();
        }));
    }

    private Integer rating(double mean) {
        int r = (int) Math.round(mean + random.nextGaussian() * 0.8);
        return Math.max(1, Math.min(5, r));
    }

    private Instant between(Instant from, Instant to) {
        long span = Math.max(1, Duration.between(from, to).toMillis());
        return from.plusMillis((long) (random.nextDouble() * span));
    }

    private String pick(String[] values, double[] weights) {
        return values[pickIndex(weights)];
    }

    private int pickIndex(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static Duration days(double days) {
        return Duration.ofMillis((long) (days * 86_400_000L));
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }
}
