package io.c360.cli;

import io.c360.sample.GenerationSummary;
import io.c360.sample.LandingGenerator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic landing zone (web events, CRM, orders, e-mail, consent) and its ground truth.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin
  SampleOptions sample;

  @Option(names = "--out", defaultValue = "landing", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    GenerationSummary summary = new LandingGenerator(sample.settings()).generate(out);
    print(summary, out);
    return 0;
  }

  static void print(GenerationSummary summary, Path out) {
    System.out.println("generated " + summary.persons() + " people into " + out + ":");
    summary.recordsPerSource().forEach((source, n) -> {
      if (source.equals(GenerationSummary.MALFORMED_WEB_EVENTS)) {
        System.out.printf(Locale.ROOT, "  %-24s %,10d lines more in web_events' files, malformed on purpose (ingest"
            + " quarantines them)%n", "  + malformed web events", n);
      } else {
        int files = summary.filesPerSource().getOrDefault(source, 0);
        System.out.printf(Locale.ROOT, "  %-24s %,10d records in %d %s%n", source, n, files,
            files == 1 ? "file" : "files");
      }
    });
  }
}
