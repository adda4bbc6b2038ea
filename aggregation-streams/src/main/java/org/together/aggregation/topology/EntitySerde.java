package org.together.aggregation.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.together.figures.AbsorbedEvents;
import org.together.figures.CountedAssessment;
import org.together.figures.EvaluatedApproach;
import org.together.figures.EvaluatingGroup;
import org.together.figures.ParticipantTimeline;
import org.together.figures.TerritoryEntity;
import org.together.figures.ToolUser;
import org.together.figures.UtcDays;

/**
 * The values of the territory-entities store: a participant's timeline, a tool user, an evaluating group, or a
 * counted assessment, each tagged by its kind and with its own format version, so a release reads what an earlier
 * one wrote. One store (one changelog) for all of them keeps the partitions each exactly-once transaction touches
 * few.
 *
 * <p>Formats: timelines 3 (with the days it used tools on), 2 (joins with role and channel), 1 (without); approaches 1; tool users and groups 3 (the days of each
 * stage or evaluation), 2 (the first time only, absorbed ids with receipt times), 1 (ids without).
 */
final class EntitySerde {

    private static final byte TIMELINE = 1, TOOL_USER = 2, GROUP = 3, ASSESSMENT = 4, APPROACH = 5;
    private static final int TIMELINE_FORMAT = 3, TOOL_USER_FORMAT = 3, GROUP_FORMAT = 3, APPROACH_FORMAT = 1;
    /** A time of format 1 and 2 meaning "never". */
    private static final long NEVER = Long.MAX_VALUE;

    private EntitySerde() {
    }

    static Serde<TerritoryEntity> serde() {
        Serializer<TerritoryEntity> serializer = (topic, entity) -> entity == null ? null : encode(entity);
        Deserializer<TerritoryEntity> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static byte[] encode(TerritoryEntity entity) {
        if (entity instanceof ParticipantTimeline t) {
            Binary.Writer w = Binary.Writer.reused().writeByte(TIMELINE).version(TIMELINE_FORMAT).writeLong(t.entries().size());
            for (ParticipantTimeline.Entry e : t.entries()) {
                w.writeLong(e.occurredAt()).writeByte(e.join() ? 1 : 0).writeString(e.eventId())
                        .writeString(orEmpty(e.role())).writeString(orEmpty(e.channel()));
            }
            writeDays(w, t.toolUseDays());
            return w.toByteArray();
        } else if (entity instanceof ToolUser u) {
            Binary.Writer w = Binary.Writer.reused().writeByte(TOOL_USER).version(TOOL_USER_FORMAT);
            for (ToolUser.Stage stage : ToolUser.Stage.values()) {
                writeDays(w, u.days(stage));
            }
            return writeAbsorbed(w, u.absorbed()).toByteArray();
        } else if (entity instanceof EvaluatingGroup g) {
            Binary.Writer w = Binary.Writer.reused().writeByte(GROUP).version(GROUP_FORMAT);
            writeDays(w, g.days());
            return writeAbsorbed(w, g.absorbed()).toByteArray();
        } else if (entity instanceof EvaluatedApproach a) {
            Binary.Writer w = Binary.Writer.reused().writeByte(APPROACH).version(APPROACH_FORMAT).writeLong(a.evaluations().size());
            for (EvaluatedApproach.Evaluation e : a.evaluations()) {
                w.writeLong(e.occurredAt()).writeString(e.eventId()).writeString(e.kind()).writeLong(e.kilogramsAvoided());
            }
            return w.toByteArray();
        } else if (entity instanceof CountedAssessment a) {
            return Binary.Writer.reused().writeByte(ASSESSMENT).writeLong(a.occurredAt()).toByteArray();
        }
        throw new SerializationException("not an entity: " + entity.getClass());
    }

    static TerritoryEntity decode(byte[] bytes) {
        Binary.Reader r = new Binary.Reader(bytes);
        int kind = r.readByte();
        return switch (kind) {
            case TIMELINE -> timeline(r);
            case TOOL_USER -> toolUser(r);
            case GROUP -> group(r);
            case ASSESSMENT -> new CountedAssessment(r.readLong());
            case APPROACH -> approach(r);
            default -> throw new SerializationException("unknown entity kind " + kind);
        };
    }

    private static ParticipantTimeline timeline(Binary.Reader r) {
        int format = r.readVersion("participant timeline", 1, 2, TIMELINE_FORMAT);
        int n = r.readInt();
        List<ParticipantTimeline.Entry> entries = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            long at = r.readLong();
            boolean join = r.readByte() == 1;
            String eventId = r.readString();
            String role = format == 1 ? null : orNull(r.readString());
            String channel = format == 1 ? null : orNull(r.readString());
            entries.add(new ParticipantTimeline.Entry(at, join, eventId, role, channel));
        }
        return ParticipantTimeline.restore(entries, format == TIMELINE_FORMAT ? readDays(r) : new long[0]);
    }

    private static EvaluatedApproach approach(Binary.Reader r) {
        r.readVersion("evaluated approach", APPROACH_FORMAT, APPROACH_FORMAT);
        int n = r.readInt();
        List<EvaluatedApproach.Evaluation> evaluations = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            evaluations.add(new EvaluatedApproach.Evaluation(r.readLong(), r.readString(), r.readString(), r.readLong()));
        }
        return EvaluatedApproach.restore(evaluations);
    }

    private static ToolUser toolUser(Binary.Reader r) {
        int format = r.readVersion("tool user", 1, 2, TOOL_USER_FORMAT);
        long[][] days = new long[3][];
        for (int stage = 0; stage < 3; stage++) {
            days[stage] = format == TOOL_USER_FORMAT ? readDays(r) : dayOf(r.readLong());
        }
        return ToolUser.restore(days[0], days[1], days[2], readAbsorbed(r, format));
    }

    private static EvaluatingGroup group(Binary.Reader r) {
        int format = r.readVersion("evaluating group", 1, 2, GROUP_FORMAT);
        long[] days = format == GROUP_FORMAT ? readDays(r) : dayOf(r.readLong());
        return EvaluatingGroup.restore(days, readAbsorbed(r, format));
    }

    /** Formats 1 and 2 kept the first time only: its day. */
    private static long[] dayOf(long time) {
        return time == NEVER ? new long[0] : new long[] {UtcDays.of(time)};
    }

    private static void writeDays(Binary.Writer w, long[] days) {
        w.writeLong(days.length);
        long previous = 0;
        for (long day : days) {
            w.writeLong(day - previous); // ascending: small gaps
            previous = day;
        }
    }

    private static long[] readDays(Binary.Reader r) {
        long[] days = new long[r.readInt()];
        long previous = 0;
        for (int i = 0; i < days.length; i++) {
            days[i] = previous + r.readLong();
            previous = days[i];
        }
        return days;
    }

    private static Binary.Writer writeAbsorbed(Binary.Writer w, AbsorbedEvents absorbed) {
        Map<String, Long> receipts = absorbed.receipts();
        w.writeLong(receipts.size());
        receipts.forEach((id, at) -> w.writeString(id).writeLong(at));
        return w;
    }

    /** Format 1 kept ids without receipt times: they count as received long ago, and go at the next event. */
    private static AbsorbedEvents readAbsorbed(Binary.Reader r, int format) {
        int n = r.readInt();
        Map<String, Long> receipts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = r.readString();
            receipts.put(id, format == 1 ? Long.MIN_VALUE : r.readLong());
        }
        return AbsorbedEvents.restore(receipts);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String orNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
