package io.c360.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate warns of a source folder that does not exist: its ingest step would read nothing. */
class LandingFoldersTest {
  @TempDir
  Path dir;

  private List<String> warnings(ConfFiles c, String landing) {
    Project project = Project.load(c.root());
    return project.missingLandingFolders(JobConfig.load(c.file("jobs/daily.yaml"), project).steps(), landing);
  }

  @Test
  void warnsOfAMissingFolderNamingFileKeyAndFolder() throws Exception {
    ConfFiles c = ConfFiles.valid(dir.resolve("conf")).write("sources/crm.yaml", """
        kind: csv
        path: crm_exportz
        key: crm_id
        schema: {crm_id: string}
        """);
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Files.createDirectories(landing.resolve("crm_exports"));

    assertThat(warnings(c, landing.toString())).containsExactly(c.shown("sources/crm.yaml")
        + ": path: landing folder " + landing.resolve("crm_exportz") + " does not exist; the source's ingest step "
        + "will read no files");
    assertThat(warnings(c, landing.toUri().toString().replaceFirst("/$", ""))).hasSize(1);
  }

  @Test
  void saysNothingWhenTheFolderExistsOrCannotBeSeenWithoutSpark() throws Exception {
    ConfFiles c = ConfFiles.valid(dir.resolve("conf"));
    Path landing = Files.createDirectories(dir.resolve("landing").resolve("crm")).getParent();

    assertThat(warnings(c, landing.toString())).isEmpty();
    assertThat(warnings(c, "s3a://bucket/landing")).isEmpty();
  }

  @Test
  void onlyTheSourcesTheJobIngestsAreLookedAt() {
    ConfFiles c = ConfFiles.valid(dir.resolve("conf")); // web_events is declared but not ingested by the job
    assertThat(warnings(c, dir.resolve("nothing").toString())).singleElement().asString()
        .startsWith(c.shown("sources/crm.yaml") + ": path: landing folder ");
  }
}
