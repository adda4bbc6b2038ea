package org.together.launcher.export;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.together.figures.disclosure.DisclosureRule;
import org.together.launcher.Together;
import org.together.launcher.replay.EventLogOptions;
import org.together.launcher.replay.PeriodOptions;
import org.together.reports.export.ExportLicence;
import org.together.reports.export.ResearchExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code together export}: the research export for the Council of Alliances, replayed from the event log. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the research export: anonymous figures per territory and quarter and network-wide.",
                "Replays the event log for a period (--from inclusive, --to exclusive, UTC dates) and writes CSV files",
                "described by a Frictionless datapackage.json, with the public disclosure rule applied (small counts about",
                "a territory left empty and named in each row's suppressed column). No pseudonym, no event-level row.",
                "Reads the Kafka of --kafka/--registry if given; else the stack running on the local ports; else it starts",
                "the embedded stack on the data dir just for the export.",
                "The datapackage.json names the licence of env TOGETHER_EXPORT_LICENSE (an SPDX id, e.g. CC-BY-4.0);",
                "unset, it says that none was chosen."})
public final class ExportCommand implements Callable<Integer> {

    @ParentCommand
    Together together;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PeriodOptions period;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory the CSV files and datapackage.json are written to.")
    Path out;

    @Option(names = "--received-until", paramLabel = "INSTANT",
            description = {"Count only the events received up to this moment, e.g. 2021-07-11T08:00:00Z: the receivedUpTo an",
                    "earlier export's datapackage.json records makes the same export again (default: now)."})
    Instant receivedUntil;

    @Mixin
    EventLogOptions log;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        LocalDate from = period.from(commandLine);
        LocalDate to = period.to(commandLine);
        try {
            ResearchExport.requireBegun(to, LocalDate.now(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--" + e.getMessage());
        }
        DisclosureRule rule = log.rule(commandLine, together.env());
        Optional<ExportLicence> licence;
        try {
            licence = together.env().exportLicence();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        return log.withLog("export", commandLine, together.env(), reports -> {
            ResearchExport export = reports.export(from, to, rule, licence, Optional.ofNullable(receivedUntil));
            for (Path file : export.write(out)) {
                commandLine.getOut().println(file);
            }
            commandLine.getOut().flush();
            return 0;
        });
    }
}
