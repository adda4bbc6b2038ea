package org.together.reports.snapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;

/**
 * Expected figures counted the plain way, independently of {@link SnapshotCalculator}: one pass over
 * the deduplicated events per question, nothing shared with the code under test.
 */
public final class Oracle {
    private final List<SpecificRecord> events;
    final LocalDate previousFrom;

    public Oracle(List<SpecificRecord> all, LocalDate from, LocalDate to) {
        Map<String, SpecificRecord> unique = new LinkedHashMap<>();
        for (SpecificRecord r : all) {
            unique.putIfAbsent(envelope(r).getEventId(), r);
        }
        this.events = new ArrayList<>(unique.values());
        java.time.Period length = java.time.Period.between(from, to);
        boolean wholeMonths = length.getDays() == 0 && from.minus(length).getDayOfMonth() == from.getDayOfMonth();
        this.previousFrom = wholeMonths ? from.minus(length) : from.minusDays(ChronoUnit.DAYS.between(from, to));
    }

    private static EventEnvelope envelope(SpecificRecord r) {
        return (EventEnvelope) r.get(r.getSchema().getField("envelope").pos());
    }

    private static Instant instant(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static boolean before(SpecificRecord r, LocalDate d) {
        return envelope(r).getOccurredAt().compareTo(instant(d)) < 0;
    }

    private static boolean within(SpecificRecord r, LocalDate from, LocalDate to) {
        return !before(r, from) && before(r, to);
    }

    /** Active at d: among the participant's joins and leaves before d, the last one (leave after join at a tie) is a join. */
    public long active(LocalDate d) {
        Map<String, Instant> lastTime = new HashMap<>();
        Map<String, Boolean> lastIsJoin = new HashMap<>();
        for (SpecificRecord r : events) {
            if (!before(r, d)) {
                continue;
            }
            String key;
            boolean join;
            if (r instanceof ParticipantJoined j) {
                key = envelope(r).getTerritoryId() + "|" + j.getParticipantId();
                join = true;
            } else if (r instanceof ParticipantLeft l) {
                key = envelope(r).getTerritoryId() + "|" + l.getParticipantId();
                join = false;
            } else {
                continue;
            }
            Instant t = envelope(r).getOccurredAt();
            Instant previous = lastTime.get(key);
            boolean later = previous == null || t.isAfter(previous) || (t.equals(previous) && !join);
            if (later) {
                lastTime.put(key, t);
                lastIsJoin.put(key, join);
            }
        }
        return lastIsJoin.values().stream().filter(b -> b).count();
    }

    public long ever(LocalDate d) {
        Set<String> joined = new HashSet<>();
        for (SpecificRecord r : events) {
            if (r instanceof ParticipantJoined j && before(r, d)) {
                joined.add(envelope(r).getTerritoryId() + "|" + j.getParticipantId());
            }
        }
        return joined.size();
    }

    public long newIn(String territory, LocalDate from, LocalDate to) {
        Set<String> before = new HashSet<>();
        Set<String> inPeriod = new HashSet<>();
        for (SpecificRecord r : events) {
            if (r instanceof ParticipantJoined j && envelope(r).getTerritoryId().equals(territory)) {
                if (before(r, from)) {
                    before.add(j.getParticipantId());
                } else if (before(r, to)) {
                    inPeriod.add(j.getParticipantId());
                }
            }
        }
        inPeriod.removeAll(before);
        return inPeriod.size();
    }

    public long territoriesActive(LocalDate d) {
        Set<String> active = new HashSet<>();
        for (SpecificRecord r : events) {
            if (within(r, d.minusDays(90), d)) {
                active.add(envelope(r).getTerritoryId());
            }
        }
        return active.size();
    }

    public long countries(LocalDate d, ReferenceData reference) {
        Set<String> countries = new HashSet<>();
        for (SpecificRecord r : events) {
            var t = reference.territories().get(envelope(r).getTerritoryId());
            if (t != null && before(r, d)) {
                countries.add(t.getCountryCode());
            }
        }
        return countries.size();
    }

    public long newTerritories(LocalDate from, LocalDate to) {
        Set<String> seenBefore = new HashSet<>();
        Set<String> seenIn = new HashSet<>();
        for (SpecificRecord r : events) {
            if (before(r, from)) {
                seenBefore.add(envelope(r).getTerritoryId());
            } else if (before(r, to)) {
                seenIn.add(envelope(r).getTerritoryId());
            }
        }
        seenIn.removeAll(seenBefore);
        return seenIn.size();
    }

    public long evaluationsBefore(LocalDate d) {
        return events.stream().filter(r -> r instanceof WellbeingEvaluated && before(r, d)).count();
    }

    public long citizensBefore(LocalDate d) {
        long sum = 0;
        for (SpecificRecord r : events) {
            if (r instanceof WellbeingEvaluated w && before(r, d)) {
                sum += w.getParticipantsCount();
            }
        }
        return sum;
    }

    public List<Double> footprintsBefore(LocalDate d) {
        List<Double> tonnes = new ArrayList<>();
        for (SpecificRecord r : events) {
            if (r instanceof FootprintAssessed f && before(r, d)) {
                tonnes.add(f.getTonnesCo2ePerYear());
            }
        }
        return tonnes;
    }

    public double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    public double shareUnder2(List<Double> values) {
        return values.stream().filter(v -> v < 2.0).count() / (double) values.size();
    }

    public long stage(String toolId, ToolStage stage, LocalDate from, LocalDate to) {
        Set<String> who = new HashSet<>();
        for (SpecificRecord r : events) {
            if (r instanceof ToolUsed u && u.getToolId().equals(toolId) && u.getStage() == stage && within(r, from, to)) {
                who.add(envelope(r).getTerritoryId() + "|" + (u.getParticipantId() != null ? "p" + u.getParticipantId() : "g" + u.getGroupId()));
            }
        }
        return who.size();
    }

    public long adopters(String toolId, LocalDate from, LocalDate to) {
        Set<String> who = new HashSet<>();
        for (SpecificRecord r : events) {
            if (r instanceof ToolUsed u && u.getToolId().equals(toolId) && u.getStage() != ToolStage.DISCOVERED && within(r, from, to)) {
                who.add(envelope(r).getTerritoryId() + "|" + (u.getParticipantId() != null ? "p" + u.getParticipantId() : "g" + u.getGroupId()));
            }
        }
        return who.size();
    }
}
