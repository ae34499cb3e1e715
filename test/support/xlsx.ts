/** Reads an exported xlsx back as a spreadsheet program would: the first sheet's rows, header first. */
import ExcelJS from 'exceljs';

export async function sheetRows(file: string): Promise<Array<Array<string | number | null>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: Array<Array<string | number | null>> = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as Array<string | number | null>).slice(1)));
  return rows;
}
