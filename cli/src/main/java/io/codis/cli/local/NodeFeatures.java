package io.codis.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the installed node supports, read from {@code codis-node --help}: whether it takes
 * {@code --meta}/{@code --announce} (it then learns its slots from the metaserver). Without them the
 * local cluster still works; the node just serves every slot it is sent.
 */
record NodeFeatures(boolean metaFlags) {
  static NodeFeatures probe(Path home) {
    try {
      Process p = new ProcessBuilder("bash", home.resolve("bin/codis-node").toString(), "--help")
          .redirectErrorStream(true).start();
      p.getOutputStream().close();
      String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new NodeFeatures(help.contains("--meta") && help.contains("--announce"));
    } catch (IOException e) {
      return new NodeFeatures(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NodeFeatures(false);
    }
  }
}
