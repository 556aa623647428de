package io.c360.production;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: a master and one worker, each its own JVM started from
 * the classes behind start-master.sh and start-worker.sh, over a SPARK_HOME laid out as a Spark
 * distribution (jars/ holds Spark, Hadoop and hadoop-aws, as linked from the local Maven
 * repository). The worker starts executors from that SPARK_HOME as on any cluster.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path home;
  private final Path dir;
  private final String masterUrl;
  private final List<Process> daemons;

  private StandaloneCluster(Path home, Path dir, String masterUrl, List<Process> daemons) {
    this.home = home;
    this.dir = dir;
    this.masterUrl = masterUrl;
    this.daemons = daemons;
  }

  /** Starts a master and a worker offering {@code cores} cores and {@code memory} (e.g. 3g) to executors. */
  static StandaloneCluster start(Path dir, int cores, String memory) throws IOException, InterruptedException {
    Path home = sparkHome(dir.resolve("spark-home"));
    int port = Processes.freePort();
    int masterUi = Processes.freePort();
    List<Process> daemons = new ArrayList<>();
    StandaloneCluster cluster = new StandaloneCluster(home, dir, "spark://127.0.0.1:" + port, daemons);
    try {
      daemons.add(cluster.daemon("master", "org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(masterUi)));
      Path work = Files.createDirectories(dir.resolve("worker"));
      daemons.add(cluster.daemon("worker", "org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", String.valueOf(cores), "--memory", memory,
          "--work-dir", work.toString(), "--webui-port", String.valueOf(Processes.freePort()), cluster.masterUrl));
      cluster.awaitWorker(masterUi);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** spark://127.0.0.1:PORT */
  String masterUrl() {
    return masterUrl;
  }

  /** Where the worker keeps each application's executors' stdout and stderr. */
  Path workDir() {
    return dir.resolve("worker");
  }

  /**
   * Runs {@code org.apache.spark.deploy.SparkSubmit} in a driver JVM of its own, as the
   * spark-submit script does: {@code --master <this cluster> [options] jar [args]}.
   */
  Processes.Result submit(Path workDir, Map<String, String> env, List<String> options, Path jar, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = java("-Xmx2g");
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--master", masterUrl, "--deploy-mode", "client"));
    command.addAll(options);
    command.add(jar.toString());
    command.addAll(args);
    return Processes.run(command, workDir, sparkEnv(env), 30);
  }

  private Process daemon(String name, String mainClass, String... args) throws IOException {
    List<String> command = java("-Xmx512m");
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().putAll(sparkEnv(Map.of()));
    return builder.start();
  }

  private List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Processes.java());
    command.addAll(Processes.sparkJvmFlags());
    command.add(heap);
    command.add("-cp");
    command.add(home.resolve("jars") + "/*");
    return command;
  }

  private Map<String, String> sparkEnv(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return env;
  }

  private void awaitWorker(int masterUi) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest json = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/")).build();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (Process p : daemons) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a Spark daemon exited:\n" + logs());
        }
      }
      try {
        Matcher m = ALIVE_WORKERS.matcher(http.send(json, HttpResponse.BodyHandlers.ofString()).body());
        if (m.find() && Integer.parseInt(m.group(1)) > 0) {
          return;
        }
      } catch (IOException notYet) {
        // the master's web UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("no worker registered with " + masterUrl + " in 2 min:\n" + logs());
  }

  String logs() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String name : List.of("master", "worker")) {
      Path log = dir.resolve(name + ".log");
      if (Files.exists(log)) {
        b.append("--- ").append(name).append('\n').append(Files.readString(log, StandardCharsets.UTF_8));
      }
    }
    return b.toString();
  }

  /** SPARK_HOME/jars: one link per jar of Spark's distribution (target/spark-classpath*.txt). */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Set<String> names = new HashSet<>();
    String lists = System.getProperty("c360.spark.classpath", "target/spark-classpath.txt");
    for (String name : lists.split(",")) {
      Path list = Path.of(name);
      if (!Files.isRegularFile(list)) {
        throw new IllegalStateException("no " + list + ": mvn package writes it");
      }
      for (String entry : Files.readString(list, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)) {
        Path jar = Path.of(entry);
        if (entry.endsWith(".jar") && names.add(jar.getFileName().toString())) {
          Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        }
      }
    }
    return home;
  }

  @Override
  public void close() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
