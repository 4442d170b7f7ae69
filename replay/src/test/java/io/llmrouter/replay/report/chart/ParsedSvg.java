package io.llmrouter.replay.report.chart;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An SVG document parsed with the JDK's DOM parser, which rejects anything that is not well-formed XML. */
record ParsedSvg(Document document) {

    static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    static ParsedSvg parse(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new ParsedSvg(factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg))));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + svg, e);
        }
    }

    Element root() {
        return document.getDocumentElement();
    }

    /** The SVG elements named {@code tag} whose class list has {@code className}, in document order. */
    List<Element> withClass(String tag, String className) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = document.getElementsByTagNameNS(SVG_NS, tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (List.of(element.getAttribute("class").split(" ")).contains(className)) {
                found.add(element);
            }
        }
        return found;
    }

    List<String> texts(String className) {
        return withClass("text", className).stream().map(Element::getTextContent).toList();
    }

    /** The plot area: x, y, width, height. */
    double[] plotArea() {
        Element rect = withClass("rect", "plot-area").get(0);
        return new double[] {Double.parseDouble(rect.getAttribute("x")), Double.parseDouble(rect.getAttribute("y")),
                Double.parseDouble(rect.getAttribute("width")), Double.parseDouble(rect.getAttribute("height"))};
    }

    /** Every number of a path's {@code d}, in order (they are absolute coordinates: M, L, H, V and Z only). */
    static List<Double> numbers(Element path) {
        List<Double> numbers = new ArrayList<>();
        Matcher m = NUMBER.matcher(path.getAttribute("d"));
        while (m.find()) {
            numbers.add(Double.parseDouble(m.group()));
        }
        return numbers;
    }
}
