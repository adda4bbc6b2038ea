package org.together.reports.export;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.together.figures.DaySink;
import org.together.figures.Window;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.replay.ReportPass;
import org.together.reports.snapshot.ReferenceData;

/**
 * Makes research exports with the report driver: a pass over the log keeps every territory's figures per quarter of
 * the span ({@link ExportFolds}), then the tables are written and decided.
 */
public final class ResearchExports {

    private ResearchExports() {
    }

    /** What reading the log gave besides the figures. */
    public record Log(ReferenceData reference, Instant generatedAt, Instant receivedUpTo) {
    }

    /**
     * @param licence what researchers may reuse the data under, when the network chose it ({@code datapackage.json})
     * @param readLog reads the log once, each territory's figures into the sink it is given for it
     */
    public static ResearchExport make(Window span, DisclosureRule rule, Optional<ExportLicence> licence,
                                      Function<Function<String, DaySink>, Log> readLog) {
        ExportFolds folds = new ExportFolds(span);
        Log log = readLog.apply(folds);
        return ResearchExport.of(span, folds.input(log.reference()), rule,
                licence, log.generatedAt(), log.receivedUpTo());
    }

    /** The export of decoded events held in memory (tests, small logs), read as the log holds them. */
    public static ResearchExport over(Window span, Collection<? extends SpecificRecord> events, ReferenceData reference,
                                      DisclosureRule rule, Optional<ExportLicence> licence, Instant generatedAt) {
        return make(span, rule, licence, daysOf -> {
            ReportPass.over(span, Optional.empty(), events, daysOf);
            return new Log(reference, generatedAt, generatedAt);
        });
    }
}
