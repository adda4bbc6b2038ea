package org.together.reports.export;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.together.figures.DaySink;
import org.together.figures.Figures;
import org.together.figures.Window;
import org.together.reports.replay.ReportPass;
import org.together.reports.snapshot.ReferenceData;

/**
 * Where a pass over the log adds each territory's figures for an export: while a partition is read, its territories'
 * full figures per quarter ({@link QuarterFold}); when it ends, they are added to the network's fold, and each
 * territory keeps only what its rows read. The groups read network-wide only (cohorts, newcomers by role and channel:
 * dozens of named cells per territory and quarter) are then kept once, not per territory: memory is one partition's
 * territories in full plus a few figures per territory and quarter (with 100,000 territories, the full figures of
 * every territory ran out of a 1 GiB heap).
 */
final class ExportFolds implements ReportPass.PartitionSinks {

    /** Read by no territory row: network rows only (cohorts), or no table at all. */
    static final Set<Figures.Columns> NETWORK_ONLY = EnumSet.of(Figures.Columns.COHORTS, Figures.Columns.NEW_BY_ROLE,
            Figures.Columns.NEW_BY_CHANNEL);

    private final List<Window> quarters;
    private final QuarterFold network;
    private final Map<String, QuarterFold> open = new HashMap<>();
    private final Map<String, QuarterFold> kept = new TreeMap<>();
    /** One instance of each tool, dimension, domain and kind name, whichever event's copy came first. */
    private final Map<String, String> names = new HashMap<>();

    ExportFolds(Window span) {
        this.quarters = QuarterFold.quarters(span);
        this.network = new QuarterFold(quarters);
    }

    @Override
    public DaySink apply(String territoryId) {
        // a territory gets its quarters when a figure is added to it, not when a record is merely filed under its key
        return day -> open.computeIfAbsent(territoryId, id -> new QuarterFold(quarters)).onDay(day);
    }

    @Override
    public void partitionEnded() {
        open.forEach((id, fold) -> {
            network.add(fold);
            QuarterFold trimmed = QuarterFold.kept(fold, NETWORK_ONLY, name -> names.computeIfAbsent(name, n -> n));
            QuarterFold already = kept.putIfAbsent(id, trimmed);
            if (already != null) { // figures after its partition's end (a log not read partition by partition)
                already.add(trimmed);
            }
        });
        open.clear();
    }

    /** What the tables read; call after the pass (folds what is still open). */
    ExportInput input(ReferenceData reference) {
        partitionEnded();
        return new ExportInput(quarters, kept, network, reference);
    }
}
