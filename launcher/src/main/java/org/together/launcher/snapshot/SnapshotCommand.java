package org.together.launcher.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.together.figures.disclosure.Audience;
import org.together.figures.disclosure.DisclosureRule;
import org.together.launcher.Together;
import org.together.launcher.replay.EventLogOptions;
import org.together.launcher.replay.PeriodOptions;
import org.together.reports.snapshot.Snapshot;
import org.together.reports.snapshot.SnapshotFormat;
import org.together.reports.snapshot.SnapshotWriter;
import org.together.reports.snapshot.UnknownTerritoryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code together snapshot}: the quarterly progress report, replayed from the event log. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the quarterly progress snapshot.",
                "Replays the event log for a period (--from inclusive, --to exclusive, UTC dates) and writes the report",
                "with the change since the previous period of the same length (as many whole months before, when the period is whole months).",
                "Reads the Kafka of --kafka/--registry if given; else the stack running on the local ports; else it starts",
                "the embedded stack on the data dir just for the snapshot."})
public final class SnapshotCommand implements Callable<Integer> {

    @ParentCommand
    Together together;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PeriodOptions period;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory the report files are written to.")
    Path out;

    @Option(names = "--lang", defaultValue = "en", paramLabel = "fr|en", description = "Language of the report (default ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--territory", paramLabel = "ID", description = "One territory instead of the whole network.")
    String territory;

    @Option(names = "--received-until", paramLabel = "INSTANT",
            description = {"Count only the events received up to this moment, e.g. 2021-07-11T08:00:00Z: the moment an earlier",
                    "report says it counted up to makes the same report again (default: now)."})
    Instant receivedUntil;

    @Option(names = "--audience", defaultValue = "public", paramLabel = "public|internal",
            description = "public (default): small counts about a territory hidden, the network's report only; internal: exact"
                    + " figures for the coordination team, every page and file says 'internal - do not publish'.")
    String audience;

    @Option(names = "--format", split = ",", defaultValue = "html,pdf,json,csv", paramLabel = "FORMATS",
            description = "Comma-separated list of html, pdf, json, csv (default ${DEFAULT-VALUE}).")
    List<String> formats;

    @Mixin
    EventLogOptions log;

    /** The report's language; only French and English are written. */
    Locale locale() {
        return switch (lang.strip().toLowerCase(Locale.ROOT)) {
            case "fr" -> Locale.FRENCH;
            case "en" -> Locale.ENGLISH;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--lang must be fr or en, was '" + lang + "'");
        };
    }

    Set<SnapshotFormat> formats() {
        Set<SnapshotFormat> wanted = EnumSet.noneOf(SnapshotFormat.class);
        for (String name : formats) {
            try {
                wanted.add(SnapshotFormat.parse(name));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
            }
        }
        return wanted;
    }

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        LocalDate from = period.from(commandLine);
        LocalDate to = period.to(commandLine);
        Locale locale = locale();
        Set<SnapshotFormat> wanted = formats();
        Audience forWhom;
        try {
            forWhom = Audience.parse(audience);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        DisclosureRule rule = log.rule(commandLine, together.env());
        if (forWhom == Audience.PUBLIC && territory != null) {
            throw new CommandLine.ParameterException(commandLine, "a territory's report is internal (every figure in it is"
                    + " about one territory): add --audience internal, or leave out --territory for the network's public report");
        }
        return log.withLog("snapshot", commandLine, together.env(), reports -> {
            try {
                Snapshot snapshot = reports.compute(from, to, Optional.ofNullable(territory), Optional.ofNullable(receivedUntil),
                        forWhom, rule);
                for (Path file : SnapshotWriter.write(snapshot, out, locale, wanted)) {
                    commandLine.getOut().println(file);
                }
                commandLine.getOut().flush();
                return 0;
            } catch (UnknownTerritoryException e) {
                commandLine.getErr().println("snapshot: unknown territory '" + e.territoryId() + "': neither registered nor in any event");
                return 1;
            }
        });
    }
}
