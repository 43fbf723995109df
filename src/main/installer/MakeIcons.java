import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.*;
import java.nio.file.*;
import javax.imageio.ImageIO;

/** Draws the studio icon and writes it as PNG (Linux), ICO (Windows) and ICNS (macOS) into assets/icons:
 * {@code cd assets/icons && java ../../src/main/installer/MakeIcons.java} */
public class MakeIcons {
    public static void main(String[] args) throws IOException {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x3b5bdb), 256, 256, new Color(0x7048e8)));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 56, 56));
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(44, 56, 168, 112, 40, 40));
        g.fill(new Polygon(new int[] {84, 124, 76}, new int[] {160, 160, 204}, 3));
        g.setColor(new Color(0x3b5bdb));
        for (int x : new int[] {88, 128, 168}) {
            g.fill(new Ellipse2D.Double(x - 12, 100, 24, 24));
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] data = png.toByteArray();
        Files.write(Path.of("character-studio.png"), data);
        try (DataOutputStream ico = new DataOutputStream(new FileOutputStream("character-studio.ico"))) {
            ico.write(new byte[] {0, 0, 1, 0, 1, 0}); // reserved, type 1 (icon), one image
            ico.write(new byte[] {0, 0, 0, 0, 1, 0, 32, 0}); // 256x256 (0 = 256), no palette, 1 plane, 32 bpp
            ico.writeInt(Integer.reverseBytes(data.length));
            ico.writeInt(Integer.reverseBytes(22)); // the PNG follows the 6 + 16 header bytes
            ico.write(data);
        }
        try (DataOutputStream icns = new DataOutputStream(new FileOutputStream("character-studio.icns"))) {
            icns.writeBytes("icns");
            icns.writeInt(8 + 8 + data.length);
            icns.writeBytes("ic08"); // 256x256 PNG
            icns.writeInt(8 + data.length);
            icns.write(data);
        }
    }
}
