package org.together.aggregation.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.together.figures.DayFigures;
import org.together.figures.TargetProgress;
import org.together.reference.Target;

/** Where the meeting's targets stand, computed where their scope's figures live (the network, or one territory). */
public final class TargetQueries {

    /**
     * One target and its progress; {@code notComputed}, when present, says why its progress is not known (and every
     * figure of it is null).
     */
    public record TargetStatus(String targetId, String metric, String toolId, String toolName, Map<String, String> toolNames,
                               String territoryId, long value, LocalDate due,
                               Long current, Double progress, Double requiredPerWeek, Double projectedAtDue,
                               Boolean onTrack, List<TargetProgress.WeekValue> trend,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String notComputed) {

        /** A target's status without its tool's catalogue names. */
        public TargetStatus(String targetId, String metric, String toolId, String territoryId, long value, LocalDate due,
                            Long current, Double progress, Double requiredPerWeek, Double projectedAtDue,
                            Boolean onTrack, List<TargetProgress.WeekValue> trend, String notComputed) {
            this(targetId, metric, toolId, null, null, territoryId, value, due, current, progress, requiredPerWeek,
                    projectedAtDue, onTrack, trend, notComputed);
        }
    }

    private final FigureQueries figures;
    private final StoreReader stores;
    /** The catalogue's names, read at the first target of a tool. */
    private ToolNames tools;

    public TargetQueries(FigureQueries figures, StoreReader stores) {
        this.figures = figures;
        this.stores = stores;
    }

    /** The catalogue's names where the target is a tool's; none needed (none read) otherwise. */
    private ToolNames tools(Target t) {
        if (t.getToolId() == null) {
            return ToolNames.NONE;
        }
        if (tools == null) {
            tools = ToolNames.of(stores.tools());
        }
        return tools;
    }

    /** Every target, as kept in the targets table (on every instance). */
    public List<Target> all() {
        List<Target> targets = new ArrayList<>();
        try (KeyValueIterator<String, Target> it = stores.targets().all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    targets.add(kv.value);
                }
            });
        }
        targets.sort(Comparator.comparing(Target::getId));
        return targets;
    }

    /** The network's targets (no territory). */
    public List<TargetStatus> network(AsOf asOf) {
        DayFigures source = figures.networkSource();
        return all().stream().filter(t -> t.getTerritoryId() == null)
                .map(t -> status(t, tools(t), asOf, metric(t, source, figures::territoriesActive))).toList();
    }

    /** One territory's targets. */
    public List<TargetStatus> territory(String territoryId, AsOf asOf) {
        DayFigures source = figures.territorySource(territoryId);
        Function<LocalDate, Long> active = day -> FigureQueries.isActiveOn(source, day) ? 1L : 0L;
        return all().stream().filter(t -> territoryId.equals(t.getTerritoryId()))
                .map(t -> status(t, tools(t), asOf, metric(t, source, active))).toList();
    }

    /**
     * The targets of a territory the figures do not know (neither registered nor seen in any event: the register
     * lost it, or it has not reached this instance yet): listed with the reason, their progress not computed.
     */
    public List<TargetStatus> ofUnknownTerritory(String territoryId) {
        String reason = "unknown territory '" + territoryId + "': neither registered nor seen in any event";
        return all().stream().filter(t -> territoryId.equals(t.getTerritoryId()))
                .map(t -> new TargetStatus(t.getId(), t.getMetric(), t.getToolId(), tools(t).name(t.getToolId()),
                        tools(t).names(t.getToolId()), t.getTerritoryId(), t.getValue(), t.getDue(),
                        null, null, null, null, null, null, reason)).toList();
    }

    /** The target's metric; a metric of a later release is shown, never counted. */
    private static TargetProgress.Metric metric(Target t, DayFigures source, Function<LocalDate, Long> territoriesActive) {
        TargetProgress.Metric metric = TargetProgress.metric(t.getMetric(), t.getToolId(), source, territoriesActive);
        return metric == null ? TargetProgress.Metric.UNKNOWN : metric;
    }

    private static TargetStatus status(Target t, ToolNames tools, AsOf asOf, TargetProgress.Metric metric) {
        TargetProgress p = TargetProgress.of(t.getValue(), t.getDue(), asOf.day(), metric);
        return new TargetStatus(t.getId(), t.getMetric(), t.getToolId(), tools.name(t.getToolId()), tools.names(t.getToolId()),
                t.getTerritoryId(), t.getValue(), t.getDue(),
                p.current(), p.progress(), p.requiredPerWeek(), p.projectedAtDue(), p.onTrack(), p.weeks(), null);
    }
}
