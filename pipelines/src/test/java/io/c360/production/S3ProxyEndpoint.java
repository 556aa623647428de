package io.c360.production;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * S3Proxy with its file-system blob store, in a child JVM on a free loopback port (its Jetty 12
 * cannot share Spark's JVM). Checks AWS signatures (v2 and v4) against a key pair made per run.
 */
final class S3ProxyEndpoint implements S3Endpoint {
  private final Process process;
  private final URI uri;
  private final String accessKey;
  private final String secretKey;

  private S3ProxyEndpoint(Process process, URI uri, String accessKey, String secretKey) {
    this.process = process;
    this.uri = uri;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  static S3ProxyEndpoint start(Path dir) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("c360.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Proxy jar not found at " + jar + " (mvn verify copies it there)");
    }
    int port = Processes.freePort();
    String accessKey = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    String secretKey = UUID.randomUUID().toString().replace("-", "");
    Path blobs = Files.createDirectories(dir.resolve("s3proxy-blobs"));
    Path properties = dir.resolve("s3proxy.properties");
    Files.write(properties, List.of(
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + accessKey,
        "s3proxy.credential=" + secretKey,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + blobs), StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    Process process = new ProcessBuilder(Processes.java(), "-Xmx512m", "-jar", jar.toString(),
        "--properties", properties.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not start on port " + port + ":\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    return new S3ProxyEndpoint(process, URI.create("http://127.0.0.1:" + port), accessKey, secretKey);
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public String accessKey() {
    return accessKey;
  }

  @Override
  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
