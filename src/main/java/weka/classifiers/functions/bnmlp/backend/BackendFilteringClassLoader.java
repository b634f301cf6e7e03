package weka.classifiers.functions.bnmlp.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Hides ND4J's CUDA backend from ND4J's backend discovery, so that the CPU backend runs even where
 * the CUDA backend is installed (ND4J otherwise always prefers the GPU). Everything else is
 * delegated to the package's own class loader.
 */
public final class BackendFilteringClassLoader extends ClassLoader {

  static final String SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";
  public static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

  public BackendFilteringClassLoader(ClassLoader parent) {
    super(parent);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    Enumeration<URL> all = super.getResources(name);
    if (!SERVICE.equals(name)) {
      return all;
    }
    List<URL> kept = new ArrayList<>();
    for (URL url : Collections.list(all)) {
      try (InputStream in = url.openStream()) {
        if (!new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(CUDA_BACKEND)) {
          kept.add(url);
        }
      }
    }
    return Collections.enumeration(kept);
  }
}
