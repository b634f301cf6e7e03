package weka.classifiers.functions.bnmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the CUDA backend installed, ND4J's backend discovery sees only the CPU backend when CPU is chosen. */
class BackendFilteringClassLoaderTest {

  @Test
  void hidesOnlyTheCudaBackendsServiceEntry(@TempDir Path dir) throws Exception {
    Path cpu = dir.resolve("cpu/META-INF/services");
    Path cuda = dir.resolve("cuda/META-INF/services");
    Files.createDirectories(cpu);
    Files.createDirectories(cuda);
    Files.writeString(cpu.resolve("org.nd4j.linalg.factory.Nd4jBackend"), "org.nd4j.linalg.cpu.nativecpu.CpuBackend\n");
    Files.writeString(cuda.resolve("org.nd4j.linalg.factory.Nd4jBackend"), "org.nd4j.linalg.jcublas.JCublasBackend\n");
    Files.writeString(cuda.resolve("other.Service"), "kept\n");
    try (URLClassLoader packageLoader = new URLClassLoader(new URL[] {dir.resolve("cpu/").toUri().toURL(),
        dir.resolve("cuda/").toUri().toURL()}, null)) {
      assertEquals(2, Collections.list(packageLoader.getResources(BackendFilteringClassLoader.SERVICE)).size());
      BackendFilteringClassLoader filter = new BackendFilteringClassLoader(packageLoader);
      List<URL> seen = Collections.list(filter.getResources(BackendFilteringClassLoader.SERVICE));
      assertEquals(1, seen.size());
      assertEquals(true, seen.get(0).toString().contains("/cpu/"));
      assertEquals(1, Collections.list(filter.getResources("META-INF/services/other.Service")).size());
    }
  }
}
