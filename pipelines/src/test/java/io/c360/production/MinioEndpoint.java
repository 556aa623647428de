package io.c360.production;

import java.net.URI;
import java.nio.file.Path;
import org.testcontainers.containers.MinIOContainer;

/** MinIO, the production design's object store, in a container (where a Docker engine exists). */
final class MinioEndpoint implements S3Endpoint {
  static final String IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

  private final MinIOContainer container;

  private MinioEndpoint(MinIOContainer container) {
    this.container = container;
  }

  static MinioEndpoint start(Path dir) {
    MinIOContainer container = new MinIOContainer(IMAGE);
    container.start();
    return new MinioEndpoint(container);
  }

  @Override
  public URI uri() {
    return URI.create(container.getS3URL());
  }

  @Override
  public String accessKey() {
    return container.getUserName();
  }

  @Override
  public String secretKey() {
    return container.getPassword();
  }

  @Override
  public void close() {
    container.stop();
  }
}
