package org.together.reports.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.together.events.EventEnvelope;
import org.together.figures.DayChanges;
import org.together.figures.DaySink;
import org.together.figures.Entities;
import org.together.figures.EntityKeys;
import org.together.figures.EvaluatedApproach;
import org.together.figures.EvaluatingGroup;
import org.together.figures.ParticipantTimeline;
import org.together.figures.Period;
import org.together.figures.TerritoryEntity;
import org.together.figures.TerritoryEvents;
import org.together.figures.ToolUser;
import org.together.figures.UnusableEventException;
import org.together.figures.UtcDays;
import org.together.figures.Window;
import org.together.figures.WindowActivity;
import org.together.schemas.TerritoryPartitions;

/**
 * A report's pass over the event log, the second driver of the figures model: every event goes through the same
 * rules as in the live topology ({@link TerritoryEvents#absorb}) into entities held in memory; what an event adds
 * itself goes to the days the report keeps as it is read, and what each entity contributes is added once, at the
 * end of its partition (the live topology adds it event by event, as after-minus-before: the same sum). Kept: the
 * network's figures of each day of the period and of the period before (and of the last {@link #COHORT_QUARTERS}
 * quarters), a few counts per territory, and the distinct users and groups active in the two windows, read from the
 * entities.
 *
 * <p>Memory follows the state, not the log: a territory's events are all in one partition of the event topics,
 * so the entities of a partition are dropped when it is done ({@link #endPartition}); what stays is per day of
 * the period and per territory.
 */
public final class ReportPass {

    /**
     * How many quarters up to a period's end a report's cohort table shows at least (the dashboard shows 12 months):
     * their days are kept, so that the first one's active participants at its end are counted.
     */
    public static final int COHORT_QUARTERS = 4;

    private final Window period;
    private final Window previous;
    private final Optional<String> territory;
    private final long receivedUntil;
    private final FoldedDays network;
    /** Where a territory's figures are added: the network's days (a snapshot), or the territory's own (an export). */
    private final Function<String, DaySink> daysOf;
    private final Map<String, TerritoryInPeriod> territories = new TreeMap<>();
    /** Territories whose days are kept apart too (a target of theirs), added to the network's at the end. */
    private final Map<String, FoldedDays> keptApart = new TreeMap<>();
    private boolean keptApartAdded;
    private final WindowActivity current;
    private final WindowActivity before;
    private Map<String, TerritoryEntity> entities = new HashMap<>();
    private Entities entityView = Entities.of(entities);

    private long recordsRead;
    private long duplicates;
    private long unusable;
    private long counted;
    private long afterPeriod;
    private long latestReceivedAt = Long.MIN_VALUE;
    private boolean territorySeen;

    /**
     * @param territory the one territory counted, or the whole network
     * @param receivedUntil events received after this instant are left out (a report made again later gives the same figures)
     */
    public ReportPass(Window period, Optional<String> territory, Optional<Instant> receivedUntil) {
        this(period, territory, receivedUntil, null);
    }

    /**
     * @param daysOf where each territory's figures are added, instead of the network's days (which then stay empty):
     *               an export keeps every territory's quarters
     */
    public ReportPass(Window period, Optional<String> territory, Optional<Instant> receivedUntil,
                      Function<String, DaySink> daysOf) {
        this(period, territory, receivedUntil, daysOf, Set.of());
    }

    /**
     * @param apart territories whose own days are kept too, as their own report keeps them (a network snapshot's
     *              territory targets); ignored when {@code daysOf} is given
     */
    public ReportPass(Window period, Optional<String> territory, Optional<Instant> receivedUntil,
                      Function<String, DaySink> daysOf, Set<String> apart) {
        this.period = period;
        this.previous = period.previous();
        this.territory = territory;
        this.receivedUntil = receivedUntil.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        // from the start of the week and quarter of the previous period: every series over the two periods can be drawn;
        // and from the end of the first of the COHORT_QUARTERS quarters up to the period's end: each cohort a report
        // shows has its active participants at the end of each of its quarters (review 17, finding 11)
        LocalDate from = previous.from();
        LocalDate seriesFrom = Period.WEEK.start(from).isBefore(Period.QUARTER.start(from)) ? Period.WEEK.start(from)
                : Period.QUARTER.start(from);
        LocalDate firstCohortEnd = Period.QUARTER.start(period.lastDay()).minusMonths(3L * (COHORT_QUARTERS - 2));
        LocalDate keepFrom = firstCohortEnd.isBefore(seriesFrom) ? firstCohortEnd : seriesFrom;
        this.network = new FoldedDays(keepFrom, period.to());
        this.current = new WindowActivity(period);
        this.before = new WindowActivity(previous);
        if (daysOf == null) {
            apart.forEach(t -> keptApart.put(t, new FoldedDays(keepFrom, period.to())));
        }
        this.daysOf = daysOf != null ? daysOf : t -> keptApart.containsKey(t) ? keptApart.get(t) : network;
    }

    /**
     * A pass over decoded events held in memory (tests, small logs), read as the log holds them: partition by
     * partition of the event topics ({@link TerritoryPartitions}), each in the order given.
     */
    public static ReplayedFigures over(Window period, Optional<String> territory, Collection<? extends SpecificRecord> events) {
        return over(period, territory, events, null);
    }

    /** The same, each territory's figures added where {@code daysOf} says (null: the network's days). */
    public static ReplayedFigures over(Window period, Optional<String> territory, Collection<? extends SpecificRecord> events,
                                       Function<String, DaySink> daysOf) {
        return over(period, territory, events, daysOf, Set.of());
    }

    /** The same, the days of the territories {@code apart} kept apart too (see the constructor). */
    public static ReplayedFigures over(Window period, Optional<String> territory, Collection<? extends SpecificRecord> events,
                                       Function<String, DaySink> daysOf, Set<String> apart) {
        ReportPass pass = new ReportPass(period, territory, Optional.empty(), daysOf, apart);
        Map<Integer, List<SpecificRecord>> byPartition = new TreeMap<>();
        for (SpecificRecord event : events) {
            String filedUnder;
            try {
                filedUnder = TerritoryEvents.envelope(event).getTerritoryId();
            } catch (UnusableEventException e) {
                throw new IllegalArgumentException("not an event record: " + event.getClass().getName(), e);
            }
            byPartition.computeIfAbsent(TerritoryPartitions.of(filedUnder), p -> new ArrayList<>()).add(event);
        }
        for (List<SpecificRecord> partition : byPartition.values()) {
            partition.forEach(event -> pass.accept(TerritoryEvents.envelope(event).getTerritoryId(), event));
            pass.endPartition();
        }
        return pass.result();
    }

    /**
     * Whether records filed under this key are read at all (a territory's report reads its own only, and notes here
     * that its territory is in the log).
     */
    public boolean reads(String key) {
        if (territory.isPresent() && territory.get().equals(key)) {
            territorySeen = true;
        }
        return territory.isEmpty() || territory.get().equals(key);
    }

    /** Applies one event record the log filed under {@code key}. */
    public void accept(String key, SpecificRecord event) {
        recordsRead++;
        if (!reads(key)) {
            return;
        }
        EventEnvelope envelope;
        boolean isCounted;
        try {
            envelope = TerritoryEvents.envelope(event);
            if (envelope.getReceivedAt().toEpochMilli() > receivedUntil) {
                return; // not received yet, as far as this report is concerned
            }
            isCounted = TerritoryEvents.absorb(key, event, entityView, daysOf.apply(key));
        } catch (UnusableEventException e) {
            unusable++; // the live topology sends it to the dead letters
            return;
        }
        if (!isCounted) {
            duplicates++;
            return;
        }
        latestReceivedAt = Math.max(latestReceivedAt, envelope.getReceivedAt().toEpochMilli());
        long day = UtcDays.of(envelope.getOccurredAt().toEpochMilli());
        if (day < period.to().toEpochDay()) {
            counted++;
        } else {
            afterPeriod++;
        }
        territory(key).eventOn(day);
    }

    private TerritoryInPeriod territory(String key) {
        return territories.computeIfAbsent(key, k -> new TerritoryInPeriod(period));
    }

    /**
     * The partition is read: each entity adds what it contributes (participants to their territory's counts too),
     * and answers who was active in the two windows; then they go.
     */
    public void endPartition() {
        DayChanges participant = new DayChanges();
        entities.forEach((key, entity) -> {
            if (entity instanceof ParticipantTimeline timeline) {
                participant.clear();
                timeline.contributeTo(participant, +1);
                String territoryId = EntityKeys.participantTerritory(key);
                TerritoryInPeriod territory = territory(territoryId);
                DaySink days = daysOf.apply(territoryId);
                participant.nonEmpty().forEach((day, change) -> {
                    days.onDay(day).add(change);
                    territory.participants(day, change);
                });
            } else if (entity instanceof ToolUser user) {
                EntityKeys.ToolUserKey k = EntityKeys.toolUserKey(key);
                user.contributeTo(daysOf.apply(k.territoryId()), k.toolId(), +1);
            } else if (entity instanceof EvaluatingGroup group) {
                group.contributeTo(daysOf.apply(EntityKeys.territoryOf(key)), +1);
            } else if (entity instanceof EvaluatedApproach approach) {
                approach.contributeTo(daysOf.apply(EntityKeys.territoryOf(key)), +1);
            }
            current.add(key, entity);
            before.add(key, entity);
        });
        entities = new HashMap<>();
        entityView = Entities.of(entities);
        if (daysOf instanceof PartitionSinks sinks) {
            sinks.partitionEnded();
        }
    }

    /**
     * Territories' sinks ({@code daysOf}) told when a partition is read: each territory of it has all its figures then
     * (its events are all in that partition), so an export can fold them into what it keeps of each territory, and keep
     * the rest once for the network, instead of every territory's full figures to the end.
     */
    public interface PartitionSinks extends Function<String, DaySink> {

        /** Every figure of the territories of the partition just read has been added (more may come, if the log was not split by territory). */
        void partitionEnded();
    }

    /** The figures of the pass; call after the last partition. */
    public ReplayedFigures result() {
        endPartition();
        if (!keptApartAdded) {
            keptApart.values().forEach(network::add);
            keptApartAdded = true;
        }
        return new ReplayedFigures(period, territory, network, Collections.unmodifiableMap(territories),
                Collections.unmodifiableMap(keptApart), current, before,
                recordsRead, duplicates, unusable, counted, afterPeriod,
                latestReceivedAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(latestReceivedAt), territorySeen);
    }
}
