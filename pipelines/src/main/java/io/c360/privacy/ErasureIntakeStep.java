package io.c360.privacy;

import io.c360.config.ConfigException;
import io.c360.config.Project;
import io.c360.job.RunContext;
import io.c360.job.Step;
import io.c360.job.StepResult;
import io.c360.lake.Lakehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code erase-requests} step: the request files in the intake folder are read (all of them
 * first: a file with an error stops the step before anything is erased, naming the file and line),
 * their people erased together, and the file of each request that completed is deleted (it names
 * the person). Requests past their deadline and not completed are reported as an alert (the
 * run exits with 4) and as the figure {@code overdue_requests}.
 */
public final class ErasureIntakeStep implements Step {
  private static final Logger LOG = LoggerFactory.getLogger(ErasureIntakeStep.class);

  private final Lakehouse lake;
  private final Project project;

  public ErasureIntakeStep(Lakehouse lake, Project project) {
    this.lake = lake;
    this.project = project;
  }

  @Override
  public StepResult apply(RunContext context) {
    Configuration hadoop = lake.spark().sparkContext().hadoopConfiguration();
    Path folder = new Path(lake.env().landing() + "/" + project.privacy().intake());
    RequestFiles parser = new RequestFiles(project.identity(), project.privacy());
    Map<Path, List<ErasureRequest>> byFile = new LinkedHashMap<>();
    Map<String, Path> fileOf = new LinkedHashMap<>();
    List<ErasureRequest> requests = new ArrayList<>();
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      FileStatus[] files = fs.exists(folder) ? fs.listStatus(folder) : new FileStatus[0];
      java.util.Arrays.sort(files, java.util.Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus f : files) {
        String name = f.getPath().getName();
        if (!f.isFile() || name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        String content;
        try (InputStream in = fs.open(f.getPath())) {
          content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String shown = project.privacy().intake() + "/" + name;
        List<ErasureRequest> parsed = parser.parse(shown, content, Instant.ofEpochMilli(f.getModificationTime()));
        for (ErasureRequest r : parsed) {
          Path other = fileOf.putIfAbsent(r.requestId(), f.getPath());
          if (other != null) {
            throw new ConfigException(shown + ": request " + r.requestId() + " is also in "
                + project.privacy().intake() + "/" + other.getName());
          }
        }
        byFile.put(f.getPath(), parsed);
        requests.addAll(parsed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the erasure intake folder " + folder, e);
    }

    List<Eraser.Outcome> outcomes = List.of();
    if (!requests.isEmpty()) {
      Salts.Salt salt = new Salts(lake.env(), System.getenv(), hadoop).forErasure();
      outcomes = new Eraser(lake, project, salt, Clock.systemUTC()).erase(requests, context.runId());
      System.out.print(ErasureStatus.summary(outcomes).replaceAll("(?m)^", "      "));
      deleteCompletedFiles(byFile, outcomes, hadoop);
    }
    List<String> overdue = new ErasureStatus(lake).overdue(Instant.now());
    long rows = outcomes.stream().mapToLong(Eraser.Outcome::rows).sum();
    long failed = outcomes.stream().filter(o -> !o.traces().isEmpty()).count();
    StepResult result = StepResult.of(requests.size(), rows, failed);
    if (!overdue.isEmpty()) {
      String alert = overdueAlert(overdue);
      LOG.warn(alert);
      result = result.withAlert(alert); // the run exits with 4, so that a scheduler tells someone
    }
    return result
        .with("requests", requests.size())
        .with("rows_deleted", rows)
        .with("files_rewritten", outcomes.stream().mapToLong(o -> o.filesRewritten().values().stream()
            .mapToLong(Long::longValue).sum()).sum())
        .with("verification_failures", failed)
        .with("overdue_requests", overdue.size());
  }

  /** The alert for requests past their deadline and not completed, each as "R (gdpr, due ..., status)". */
  static String overdueAlert(List<String> overdue) {
    return overdue.size() + (overdue.size() == 1 ? " erasure request past its deadline" : " erasure requests past "
        + "their deadline") + " and not completed: " + String.join("; ", overdue);
  }

  /** A file's requests all completed: it goes, since it names the people. Otherwise it stays for the next run. */
  private static void deleteCompletedFiles(Map<Path, List<ErasureRequest>> byFile, List<Eraser.Outcome> outcomes,
      Configuration hadoop) {
    Map<String, Boolean> completed = new LinkedHashMap<>();
    outcomes.forEach(o -> completed.put(o.requestId(), o.traces().isEmpty()));
    for (Map.Entry<Path, List<ErasureRequest>> e : byFile.entrySet()) {
      if (e.getValue().stream().allMatch(r -> completed.getOrDefault(r.requestId(), false))) {
        try {
          e.getKey().getFileSystem(hadoop).delete(e.getKey(), false);
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot delete the processed request file " + e.getKey(), ex);
        }
      }
    }
  }
}
