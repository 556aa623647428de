package io.c360.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A c360 command in a child JVM on this test's classpath, so that it can be killed as a scheduler's
 * timeout or the kernel's OOM killer would: SIGKILL, no shutdown hook, no finally block.
 */
public final class ChildRun {
  /** What the child printed up to its end, its exit code, and whether it was killed. */
  public record Result(int exit, List<String> lines, boolean killed) {
    public String stdout() {
      return String.join("\n", lines);
    }
  }

  private ChildRun() {}

  /**
   * Runs {@code args}; the moment it prints a line {@code killAfter} accepts, the child is killed
   * with SIGKILL. Stderr goes to {@code stderr}.
   */
  public static Result run(List<String> args, Predicate<String> killAfter, Path stderr)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String flags = System.getProperty("c360.jvm.flags", "").trim();
    if (!flags.isEmpty()) {
      command.addAll(List.of(flags.split("\\s+")));
    }
    command.addAll(List.of("-Xmx2g", "-XX:+UseParallelGC",
        "-Dc360.repo.root=" + TestLakehouses.repoRoot(),
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.c360.cli.Main"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = builder.start();
    List<String> lines = new ArrayList<>();
    boolean killed = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        if (killAfter.test(line)) {
          p.destroyForcibly(); // SIGKILL on Linux
          killed = true;
          break;
        }
      }
    }
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("c360 " + args.get(0) + " did not end in 15 min; stderr in " + stderr);
    }
    return new Result(p.exitValue(), List.copyOf(lines), killed);
  }
}
