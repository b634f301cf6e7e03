import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.beans.PropertyDescriptor;
import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

import weka.core.Instances;
import weka.core.Utils;
import weka.core.WekaPackageClassLoaderManager;
import weka.core.WekaPackageManager;
import weka.core.converters.ConverterUtils.DataSource;
import weka.gui.GenericObjectEditor;
import weka.gui.PropertyPanel;
import weka.gui.PropertySheetPanel;
import weka.gui.explorer.ClassifierPanel;
import weka.gui.explorer.Explorer;

/**
 * Drives Weka's Explorer in a real window as a user would, with batchNormMLP installed as a package:
 * loads a data set, picks BatchNormMLP, changes BN placement, activation and epochs in the object
 * editor, chooses the DeadUnits output, starts a cross-validation and waits for the result.
 * Prints the result text between markers and saves screenshots. Run with only weka.jar on the
 * class path: java -cp weka.jar ExplorerDriver.java data.arff screenshot-directory
 */
public class ExplorerDriver {

  public static void main(String[] args) {
    try {
      drive(args);
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1); // Swing's threads would keep a failed run alive
    }
  }

  static void drive(String[] args) throws Exception {
    String dataFile = args[0];
    File images = new File(args[1]);
    images.mkdirs();
    WekaPackageManager.loadPackages(false);
    Explorer[] explorer = new Explorer[1];
    JFrame[] frame = new JFrame[1];
    SwingUtilities.invokeAndWait(() -> {
      explorer[0] = new Explorer();
      frame[0] = new JFrame("Weka Explorer");
      frame[0].getContentPane().add(explorer[0]);
      frame[0].setSize(1180, 860);
      frame[0].setLocation(0, 0);
      frame[0].setVisible(true);
    });
    Instances data = DataSource.read(dataFile);
    data.setClassIndex(data.numAttributes() - 1);
    SwingUtilities.invokeAndWait(() -> explorer[0].getPreprocessPanel().setInstances(data));
    ClassifierPanel classify = null;
    for (Object panel : explorer[0].getPanels()) {
      if (panel instanceof ClassifierPanel) {
        classify = (ClassifierPanel) panel;
      }
    }
    ClassifierPanel panel = classify;
    SwingUtilities.invokeAndWait(() -> explorer[0].getTabbedPane().setSelectedComponent(panel));

    GenericObjectEditor classifierEditor = field(panel, "m_ClassifierEditor");
    Object mlp = WekaPackageClassLoaderManager.objectForName("weka.classifiers.functions.BatchNormMLP");
    SwingUtilities.invokeAndWait(() -> classifierEditor.setValue(mlp));

    // open the object editor as a click on the classifier field does, and edit it there
    PropertyPanel classifierField = field(panel, "m_CEPanel");
    SwingUtilities.invokeLater(classifierField::showPropertyDialog);
    JDialog dialog = waitForDialogWith(PropertySheetPanel.class, 30_000);
    PropertySheetPanel sheet = find(dialog, PropertySheetPanel.class).get(0);
    SwingUtilities.invokeAndWait(() -> {
      choose(sheet, "batchNormPlacement", "after");
      choose(sheet, "activation", "LeakyReLU");
      type(sheet, "numEpochs", "20");
      choose(sheet, "diagnostics", "True");
      dialog.pack();
      dialog.setLocation(40, 40);
    });
    pause(800);
    screenshot(dialog, new File(images, "explorer-object-editor.png"));
    SwingUtilities.invokeAndWait(() -> press(dialog, "OK"));
    String options = Utils.joinOptions(((weka.core.OptionHandler) classifierEditor.getValue()).getOptions());
    System.out.println("EDITED-OPTIONS: " + options);

    GenericObjectEditor outputEditor = field(panel, "m_ClassificationOutputEditor");
    Object deadUnits = WekaPackageClassLoaderManager.objectForName(
        "weka.classifiers.evaluation.output.prediction.DeadUnits");
    JTextField folds = field(panel, "m_CVText");
    SwingUtilities.invokeAndWait(() -> {
      outputEditor.setValue(deadUnits);
      folds.setText("5");
    });
    AbstractButton start = field(panel, "m_StartBut");
    SwingUtilities.invokeAndWait(start::doClick);

    JTextArea output = field(panel, "m_OutText");
    long deadline = System.currentTimeMillis() + 300_000;
    String text = "";
    while (System.currentTimeMillis() < deadline) {
      text = onEdt(output::getText);
      if (text.contains("=== Confusion Matrix ===") && text.contains("Summary over 5 folds")) {
        break;
      }
      pause(500);
    }
    pause(800);
    screenshot(frame[0], new File(images, "explorer-result.png"));
    SwingUtilities.invokeAndWait(() -> {
      int at = output.getText().indexOf("=== Dead units on the evaluated data ===");
      output.setCaretPosition(Math.max(0, at));
    });
    pause(800);
    screenshot(frame[0], new File(images, "explorer-dead-units.png"));
    // the chart behind the result list's right-click menu: Weka offers every TreeVisualizePlugin there
    System.out.println("TREE-PLUGINS: " + weka.core.PluginManager.getPluginNamesOfTypeList(
        "weka.gui.visualize.plugins.TreeVisualizePlugin"));
    weka.gui.ResultHistoryPanel history = field(panel, "m_History");
    Object stored = onEdt(history::getSelectedObject);
    Object model = null;
    for (Object o : (java.util.List<?>) stored) {
      if (o instanceof weka.core.Drawable) {
        model = o;
      }
    }
    String graph = ((weka.core.Drawable) model).graph();
    weka.gui.visualize.plugins.TreeVisualizePlugin chart = (weka.gui.visualize.plugins.TreeVisualizePlugin)
        WekaPackageClassLoaderManager.objectForName("weka.gui.visualize.plugins.DeadUnitsChart");
    javax.swing.JMenuItem item = onEdt(() -> chart.getVisualizeMenuItem(graph, "BatchNormMLP"));
    System.out.println("CHART-MENU-ITEM: " + item.getText());
    SwingUtilities.invokeAndWait(item::doClick);
    pause(1000);
    for (Window w : Window.getWindows()) {
      if (w instanceof JFrame && w.isShowing() && ((JFrame) w).getTitle().startsWith("BatchNormMLP dead units")) {
        screenshot(w, new File(images, "explorer-dead-units-chart.png"));
      }
    }
    System.out.println("RESULT-BEGIN");
    System.out.println(text);
    System.out.println("RESULT-END");
    stopALongRun(explorer[0], panel, classifierEditor);
  }

  /**
   * Starts a training that would take long, watches its progress in the status bar, presses Stop
   * and checks that the run ends, leaving Start enabled again and a message in the log.
   */
  static void stopALongRun(Explorer explorer, ClassifierPanel panel, GenericObjectEditor classifierEditor)
      throws Exception {
    Object slow = WekaPackageClassLoaderManager.objectForName("weka.classifiers.functions.BatchNormMLP");
    ((weka.core.OptionHandler) slow).setOptions(Utils.splitOptions("-hidden 256x4 -epochs 100000 -batch-size 8"));
    SwingUtilities.invokeAndWait(() -> classifierEditor.setValue(slow));
    AbstractButton start = field(panel, "m_StartBut");
    AbstractButton stop = field(panel, "m_StopBut");
    SwingUtilities.invokeAndWait(start::doClick);
    weka.gui.LogPanel log = field(explorer, "m_LogPanel");
    javax.swing.JLabel status = field(log, "m_StatusLab");
    String progress = "";
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline && !progress.startsWith("BatchNormMLP: epoch")) {
      progress = onEdt(status::getText);
      pause(100);
    }
    System.out.println("PROGRESS: " + progress);
    SwingUtilities.invokeAndWait(stop::doClick);
    long stopped = System.currentTimeMillis();
    while (System.currentTimeMillis() - stopped < 30_000 && !onEdt(start::isEnabled)) {
      pause(100);
    }
    System.out.println("STOPPED-WITHIN-MS: " + (System.currentTimeMillis() - stopped) + " start-enabled="
        + onEdt(start::isEnabled));
    javax.swing.JTextArea logText = field(log, "m_LogText");
    System.out.println("LOG-BEGIN");
    String logged = onEdt(logText::getText);
    System.out.println(logged);
    System.out.println("LOG-END");
  }

  /** Selects, in the drop-down of the named property, the entry whose text starts with the value. */
  static void choose(PropertySheetPanel sheet, String property, String value) {
    JComboBox<?> box = (JComboBox<?>) view(sheet, property);
    for (int i = 0; i < box.getItemCount(); i++) {
      if (String.valueOf(box.getItemAt(i)).toLowerCase().startsWith(value.toLowerCase())) {
        box.setSelectedIndex(i);
        return;
      }
    }
    throw new IllegalStateException("no entry " + value + " for " + property);
  }

  /** Types into the text field of the named property; Weka's editor takes the text on key release. */
  static void type(PropertySheetPanel sheet, String property, String value) {
    JTextField field = (JTextField) view(sheet, property);
    field.requestFocusInWindow();
    field.setText(value);
    char last = value.charAt(value.length() - 1);
    field.dispatchEvent(new java.awt.event.KeyEvent(field, java.awt.event.KeyEvent.KEY_RELEASED,
        System.currentTimeMillis(), 0, java.awt.event.KeyEvent.getExtendedKeyCodeForChar(last), last));
  }

  static Component view(PropertySheetPanel sheet, String property) {
    PropertyDescriptor[] properties = field(sheet, "m_Properties");
    Component[] views = field(sheet, "m_Views");
    for (int i = 0; i < properties.length; i++) {
      if (properties[i] != null && properties[i].getName().equals(property)) {
        Component v = views[i];
        List<JComboBox> boxes = find(v, JComboBox.class);
        List<JTextField> texts = find(v, JTextField.class);
        return !boxes.isEmpty() ? boxes.get(0) : texts.get(0);
      }
    }
    throw new IllegalStateException("no property " + property + " in the editor");
  }

  static void press(Container root, String label) {
    for (AbstractButton b : find(root, AbstractButton.class)) {
      if (label.equals(b.getText())) {
        b.doClick();
        return;
      }
    }
    throw new IllegalStateException("no button " + label);
  }

  static JDialog waitForDialogWith(Class<?> content, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      for (Window w : Window.getWindows()) {
        if (w instanceof JDialog && w.isShowing() && !find((Container) w, content).isEmpty()) {
          return (JDialog) w;
        }
      }
      pause(200);
    }
    throw new IllegalStateException("the object editor did not open");
  }

  @SuppressWarnings("unchecked")
  static <T> List<T> find(Component root, Class<T> type) {
    List<T> found = new ArrayList<>();
    if (type.isInstance(root)) {
      found.add((T) root);
    }
    if (root instanceof Container) {
      for (Component c : ((Container) root).getComponents()) {
        found.addAll(find(c, type));
      }
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  static <T> T field(Object owner, String name) {
    for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return (T) f.get(owner);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("no field " + name + " in " + owner.getClass());
  }

  static <T> T onEdt(java.util.concurrent.Callable<T> work) throws Exception {
    Object[] result = new Object[1];
    SwingUtilities.invokeAndWait(() -> {
      try {
        result[0] = work.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    @SuppressWarnings("unchecked")
    T t = (T) result[0];
    return t;
  }

  static void screenshot(Window window, File file) throws Exception {
    Rectangle bounds = onEdt(window::getBounds);
    BufferedImage image = new Robot().createScreenCapture(bounds);
    ImageIO.write(image, "png", file);
    System.out.println("SCREENSHOT: " + file);
  }

  static void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
