package weka.gui.visualize.plugins;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GridLayout;
import java.awt.RenderingHints;
import java.util.List;

import javax.swing.JFrame;
import javax.swing.JMenuItem;
import javax.swing.JPanel;

import weka.classifiers.functions.bnmlp.ChartData;

/**
 * Explorer plugin (result list, right-click, Plugins): charts a BatchNormMLP's dead units per layer
 * (and its zero-activation fraction) and, when -diagnostics recorded them, the dead units per epoch.
 */
public class DeadUnitsChart implements TreeVisualizePlugin {

  private static final Color DEAD = new Color(196, 60, 50);
  private static final Color FRACTION = new Color(120, 140, 170);
  private static final Color[] LINES = {new Color(196, 60, 50), new Color(40, 110, 180), new Color(60, 150, 80),
      new Color(200, 140, 30), new Color(130, 70, 160), new Color(90, 90, 90)};

  @Override
  public JMenuItem getVisualizeMenuItem(String dotString, String name) {
    if (dotString == null || !dotString.startsWith("digraph BatchNormMLP")) {
      return null; // another classifier's tree
    }
    ChartData parsed;
    try {
      parsed = ChartData.fromGraph(dotString);
    } catch (IllegalArgumentException e) { // a graph of another batchNormMLP version: its tree view still works
      return null;
    }
    JMenuItem item = new JMenuItem("Dead units per layer (chart)");
    item.addActionListener(e -> show(parsed, name));
    return item;
  }

  /** A window with the charts; public so that tests and tools can open it without a menu. */
  public static JFrame show(ChartData parsed, String name) {
    JFrame frame = new JFrame("BatchNormMLP dead units - " + name);
    JPanel charts = chartPanel(parsed);
    frame.getContentPane().add(charts);
    frame.pack();
    frame.setLocation(60, 60);
    frame.setVisible(true);
    return frame;
  }

  public static JPanel chartPanel(ChartData parsed) {
    JPanel charts = new JPanel(new GridLayout(parsed.epochs.isEmpty() ? 1 : 2, 1));
    charts.add(new LayerBars(parsed));
    if (!parsed.epochs.isEmpty()) {
      charts.add(new EpochLines(parsed));
    }
    return charts;
  }

  /** A white chart area over the parsed graph. */
  abstract static class Chart extends JPanel {
    private static final long serialVersionUID = 1L;
    final transient ChartData data;

    Chart(ChartData data) {
      this.data = data;
      setPreferredSize(new Dimension(760, 320));
      setBackground(Color.WHITE);
    }

    @Override
    protected void paintComponent(Graphics graphics) {
      super.paintComponent(graphics);
      draw(prepare(graphics), 60, 40, getWidth() - 20, getHeight() - 40);
    }

    /** Draws the chart; the plot area spans left..right and top..bottom. */
    abstract void draw(Graphics2D g, int left, int top, int right, int bottom);
  }

  /** Per layer: dead % (red) and mean zero fraction (grey-blue), both in percent. */
  static final class LayerBars extends Chart {
    private static final long serialVersionUID = 1L;

    LayerBars(ChartData data) {
      super(data);
    }

    @Override
    void draw(Graphics2D g, int left, int top, int right, int bottom) {
      String what = data.leaky ? "all-negative" : "dead";
      title(g, "Hidden layer units " + what + " on the training data (%), and mean "
          + (data.leaky ? "negative" : "zero") + " fraction (%)");
      int n = data.layers.size();
      axes(g, left, top, right, bottom, 100, "%");
      double slot = (right - left) / (double) Math.max(1, n);
      double bar = Math.max(2, slot * 0.35);
      for (int l = 0; l < n; l++) {
        int[] layer = data.layers.get(l);
        double deadPercent = 100.0 * layer[1] / layer[0];
        double fractionPercent = 100 * data.inactiveFractions.get(l);
        int x = (int) (left + l * slot + slot * 0.15);
        fill(g, DEAD, x, (int) bar, deadPercent, top, bottom);
        fill(g, FRACTION, (int) (x + bar), (int) bar, fractionPercent, top, bottom);
        if (n <= 25 || l % Math.ceil(n / 25.0) == 0) {
          g.setColor(Color.DARK_GRAY);
          g.drawString(Integer.toString(l + 1), (int) (x + bar / 2), bottom + 15);
        }
      }
      g.drawString("layer", (left + right) / 2, bottom + 32);
      legend(g, right - 230, top + 5, DEAD, what + " units", FRACTION, data.leaky ? "negative fraction" : "zero fraction");
    }

    private static void fill(Graphics2D g, Color c, int x, int width, double percent, int top, int bottom) {
      int h = (int) Math.round((bottom - top) * percent / 100);
      g.setColor(c);
      g.fillRect(x, bottom - h, width, Math.max(h, percent > 0 ? 1 : 0));
    }
  }

  /** Dead units per epoch, one line per layer (at most six layers drawn, the deepest last). */
  static final class EpochLines extends Chart {
    private static final long serialVersionUID = 1L;

    EpochLines(ChartData data) {
      super(data);
    }

    @Override
    void draw(Graphics2D g, int left, int top, int right, int bottom) {
      List<int[]> epochs = data.epochs;
      int layers = epochs.get(0).length;
      int max = 1;
      for (int[] e : epochs) {
        for (int v : e) {
          max = Math.max(max, v);
        }
      }
      title(g, (data.leaky ? "All-negative" : "Dead") + " units per epoch (diagnostic sample)");
      axes(g, left, top, right, bottom, max, "");
      int shown = Math.min(layers, LINES.length);
      int first = layers - shown;
      g.setStroke(new BasicStroke(2f));
      for (int l = first; l < layers; l++) {
        g.setColor(LINES[(l - first) % LINES.length]);
        int px = -1;
        int py = -1;
        for (int e = 0; e < epochs.size(); e++) {
          int x = left + (int) ((right - left) * (epochs.size() == 1 ? 0.5 : e / (double) (epochs.size() - 1)));
          int y = bottom - (int) ((bottom - top) * epochs.get(e)[l] / (double) max);
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          px = x;
          py = y;
        }
        g.drawString("layer " + (l + 1), right - 70, top + 15 + 15 * (l - first));
      }
      g.setColor(Color.DARK_GRAY);
      g.drawString("epoch 1 .. " + epochs.size(), (left + right) / 2 - 30, bottom + 25);
    }
  }

  static Graphics2D prepare(Graphics graphics) {
    Graphics2D g = (Graphics2D) graphics;
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  static void title(Graphics2D g, String text) {
    g.setColor(Color.BLACK);
    g.drawString(text, 60, 22);
  }

  static void axes(Graphics2D g, int left, int top, int right, int bottom, int max, String unit) {
    g.setColor(Color.LIGHT_GRAY);
    for (int i = 0; i <= 4; i++) {
      int y = bottom - (bottom - top) * i / 4;
      g.drawLine(left, y, right, y);
      g.setColor(Color.DARK_GRAY);
      double tick = max * i / 4.0;
      g.drawString((tick == Math.rint(tick) ? Long.toString((long) tick) : String.format("%.1f", tick)) + unit, 10,
          y + 4);
      g.setColor(Color.LIGHT_GRAY);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
  }

  static void legend(Graphics2D g, int x, int y, Color a, String aText, Color b, String bText) {
    g.setColor(a);
    g.fillRect(x, y, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString(aText, x + 18, y + 11);
    g.setColor(b);
    g.fillRect(x, y + 18, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString(bText, x + 18, y + 29);
  }

  @Override
  public String getMinVersion() {
    return "3.8.0";
  }

  @Override
  public String getMaxVersion() {
    return "3.9.0";
  }

  @Override
  public String getDesignVersion() {
    return "3.8.7";
  }
}
