import type { ImportError } from "@/lib/imports/read-csv-file";

/** The first errors of a checked CSV file, one row each: line, column, problem. */
export function FileErrorTable({ errors }: { errors: readonly ImportError[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={`${e.line}-${e.field ?? ""}-${i}`}>
              <td>{e.line > 0 ? e.line : ""}</td>
              <td>{e.field ?? ""}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
