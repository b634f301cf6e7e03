package weka.classifiers.functions.bnmlp.options;

import java.beans.BeanInfo;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Vector;

import weka.core.Option;
import weka.core.OptionMetadata;
import weka.core.SelectedTag;
import weka.core.Tag;
import weka.core.Utils;
import weka.core.WekaException;

/**
 * The command line of a class whose options are declared once, as bean properties whose getter
 * carries {@link OptionMetadata} with a {@code commandLineParamName}: the listing, the parsing and
 * the writing are derived from those declarations. Unlike Weka's own derivation, a bad value is an
 * error naming the option, the value and what is accepted (never a printed stack trace), a choice
 * is written and read as its command-line word while the GUI shows its label, and an option not
 * given takes the value of a given source object (a fresh instance: the default).
 *
 * <p>Supported property types: String, int, double (finite), boolean (a flag) and SelectedTag
 * whose tags' ID strings are the command-line words (see {@link Choices}).
 */
public final class AnnotatedOptions {

  /** One declared option. */
  private static final class Declared {
    final OptionMetadata meta;
    final Method getter;
    final Method setter;

    Declared(OptionMetadata meta, Method getter, Method setter) {
      this.meta = meta;
      this.getter = getter;
      this.setter = setter;
    }

    String flag() {
      return meta.commandLineParamName();
    }
  }

  private final List<Declared> declared = new ArrayList<>();
  private final String owner;

  /** The options declared by {@code type} and its superclasses up to (not including) {@code stop}. */
  public AnnotatedOptions(Class<?> type, Class<?> stop) {
    owner = type.getSimpleName();
    BeanInfo info;
    try {
      info = Introspector.getBeanInfo(type, stop);
    } catch (IntrospectionException e) {
      throw new IllegalStateException("cannot read the options of " + type.getName(), e);
    }
    for (PropertyDescriptor p : info.getPropertyDescriptors()) {
      Method getter = p.getReadMethod();
      OptionMetadata meta = getter == null ? null : getter.getAnnotation(OptionMetadata.class);
      if (meta != null && !meta.commandLineParamName().isEmpty() && p.getWriteMethod() != null) {
        declared.add(new Declared(meta, getter, p.getWriteMethod()));
      }
    }
    declared.sort(Comparator.comparingInt(d -> d.meta.displayOrder()));
  }

  /** Weka's option listing, each with its default read from {@code defaults}. */
  public Vector<Option> list(Object defaults) {
    Vector<Option> result = new Vector<>();
    for (Declared d : declared) {
      Object value = get(d, defaults);
      boolean flag = value instanceof Boolean;
      String description = "\t" + wrap(d.meta.description()) + (flag ? "" : "\n\t(default " + format(value) + ")");
      result.add(new Option(description, d.flag(), flag ? 0 : 1, d.meta.commandLineParamSynopsis()));
    }
    return result;
  }

  /** Breaks a description into lines of about 90 characters, as Weka's own listings are. */
  private static String wrap(String text) {
    StringBuilder sb = new StringBuilder();
    int lineStart = 0;
    for (String word : text.split(" ")) {
      if (sb.length() - lineStart + word.length() > 90 && sb.length() > lineStart) {
        sb.append("\n\t");
        lineStart = sb.length();
      } else if (sb.length() > lineStart) {
        sb.append(' ');
      }
      sb.append(word);
    }
    return sb.toString();
  }

  /** The options of {@code target}, every declared one written (flags only when on). */
  public List<String> write(Object target) {
    List<String> result = new ArrayList<>();
    for (Declared d : declared) {
      Object value = get(d, target);
      if (value instanceof Boolean) {
        if ((Boolean) value) {
          result.add("-" + d.flag());
        }
      } else {
        result.add("-" + d.flag());
        result.add(format(value));
      }
    }
    return result;
  }

  /**
   * Sets every declared option of {@code target} from {@code options} (removing what it reads), or,
   * where one is not given, to its value in {@code unspecified}. Every value is parsed before any
   * is set, so a bad one leaves {@code target} as it was.
   */
  public void read(Object target, Object unspecified, String[] options) throws Exception {
    List<Object> values = new ArrayList<>();
    for (Declared d : declared) {
      Object current = get(d, unspecified);
      if (current instanceof Boolean) {
        values.add(Utils.getFlag(d.flag(), options) || (Boolean) current);
      } else {
        String text = Utils.getOption(d.flag(), options);
        values.add(text.isEmpty() ? current : parse("-" + d.flag(), text, current));
      }
    }
    for (int i = 0; i < declared.size(); i++) {
      set(declared.get(i), target, values.get(i));
    }
  }

  /**
   * Each option's setting as it would be written ("-bn after"; a flag as "-x" or "no -x"), keyed by
   * its command-line name: for comparing one object's settings with another's.
   */
  public Map<String, String> settings(Object target) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Declared d : declared) {
      Object value = get(d, target);
      result.put(d.flag(), value instanceof Boolean ? ((Boolean) value ? "" : "no ") + "-" + d.flag()
          : "-" + d.flag() + " " + format(value));
    }
    return result;
  }

  private Object parse(String flag, String text, Object current) throws WekaException {
    String value = text.trim();
    if (current instanceof Integer) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new WekaException(owner + ": " + flag + ": '" + text + "' is not a whole number");
      }
    }
    if (current instanceof Double) {
      double result;
      try {
        result = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new WekaException(owner + ": " + flag + ": '" + text + "' is not a number");
      }
      if (!Double.isFinite(result)) { // NaN, Infinity, or beyond double's range such as 1e400
        throw new WekaException(owner + ": " + flag + ": '" + text + "' is not a finite number");
      }
      return result;
    }
    if (current instanceof SelectedTag) {
      Tag[] tags = ((SelectedTag) current).getTags();
      StringBuilder accepted = new StringBuilder();
      for (Tag tag : tags) {
        if (tag.getIDStr().equalsIgnoreCase(value)) {
          return new SelectedTag(tag.getID(), tags);
        }
        accepted.append(accepted.length() > 0 ? "|" : "").append(tag.getIDStr());
      }
      throw new WekaException(owner + ": " + flag + ": unknown value '" + text + "'; expected one of " + accepted);
    }
    return text; // a String option: its own setter or check says what is wrong with it
  }

  private static String format(Object value) {
    if (value instanceof SelectedTag) {
      return ((SelectedTag) value).getSelectedTag().getIDStr();
    }
    if (value instanceof Double) {
      return Double.toString((Double) value).toLowerCase(Locale.ROOT);
    }
    return String.valueOf(value);
  }

  private static Object get(Declared d, Object target) {
    try {
      return d.getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read option -" + d.flag(), e);
    }
  }

  private static void set(Declared d, Object target, Object value) throws Exception {
    try {
      d.setter.invoke(target, value);
    } catch (InvocationTargetException e) { // the setter's own complaint, as it made it
      Throwable cause = e.getCause();
      throw cause instanceof Exception ? (Exception) cause : new IllegalStateException(cause);
    }
  }
}
