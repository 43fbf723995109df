package app.characterstudio.script;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by a delimiter, {@code "quoted"} fields may hold delimiters,
 * line breaks and doubled quotes. Each record remembers the file line it starts on.
 */
final class CsvReader {
    private CsvReader() {
    }

    /** One record: its cells and the 1-based line each cell starts on. */
    record Row(int lineNumber, List<String> cells, List<Integer> cellLines) {
        String cell(int index) {
            return index < cells.size() ? cells.get(index) : "";
        }

        boolean isEmpty() {
            return cells.stream().allMatch(String::isBlank);
        }
    }

    static List<Row> read(String text, char delimiter, String fileName) {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        List<Integer> cellLines = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int line = 1;
        int rowLine = 1;
        int cellLine = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    if (c != '\r') {
                        cell.append(c);
                    }
                }
            } else if (c == '"' && cell.isEmpty() && !afterQuote) {
                quoted = true;
                quoteLine = line;
            } else if (c == delimiter) {
                cells.add(cell.toString());
                cellLines.add(cellLine);
                cell.setLength(0);
                afterQuote = false;
                cellLine = line;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cellLines.add(cellLine);
                rows.add(new Row(rowLine, List.copyOf(cells), List.copyOf(cellLines)));
                cells.clear();
                cellLines.clear();
                cell.setLength(0);
                afterQuote = false;
                line++;
                rowLine = line;
                cellLine = line;
            } else if (afterQuote) {
                throw new ScriptFormatException(fileName + " line " + line + ": unexpected \"" + c
                        + "\" after a closing quote (expected the delimiter or the end of the row).");
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new ScriptFormatException(fileName + " line " + quoteLine
                    + ": a quoted field is never closed (missing \").");
        }
        if (!cell.isEmpty() || !cells.isEmpty() || afterQuote) {
            cells.add(cell.toString());
            cellLines.add(cellLine);
            rows.add(new Row(rowLine, List.copyOf(cells), List.copyOf(cellLines)));
        }
        return rows;
    }
}
