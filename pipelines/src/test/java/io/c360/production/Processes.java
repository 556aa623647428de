package io.c360.production;

import io.c360.testing.TestLakehouses;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Child processes of the production-path tests: bin/c360, spark-submit, Spark's daemons. */
final class Processes {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private Processes() {}

  /** What a finished command printed (stdout), its exit code, and where its stderr went. */
  record Result(int exit, String stdout, Path stderr) {
    /** The last lines of stderr, for assertion messages. */
    String errors() {
      try {
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
      } catch (IOException e) {
        return "(no stderr: " + e.getMessage() + ")";
      }
    }

    String describe() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr (end)\n" + errors();
    }
  }

  /** This JVM's java executable. */
  static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The JVM options Spark needs on Java 17 (the pom's spark.jvm.flags). */
  static List<String> sparkJvmFlags() {
    String flags = System.getProperty("c360.jvm.flags", "").trim();
    return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Runs the repository's bin/c360 in {@code workDir} with {@code env} added to this JVM's environment. */
  static Result c360(Path workDir, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(TestLakehouses.repoRoot().resolve("bin/c360").toString());
    command.addAll(args);
    return run(command, workDir, env, 20);
  }

  /** Runs {@code command} to its end (at most {@code minutes}), stdout captured, stderr to a file. */
  static Result run(List<String> command, Path workDir, Map<String, String> env, int minutes)
      throws IOException, InterruptedException {
    int n = RUNS.incrementAndGet();
    Path out = workDir.resolve("process-" + n + ".out");
    Path err = workDir.resolve("process-" + n + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " did not finish in " + minutes + " min; stderr in " + err);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), err);
  }
}
