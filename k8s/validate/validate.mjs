// Offline schema check: reads kustomize output (multi-document YAML) on stdin and validates every object
// against the Kubernetes OpenAPI schemas shipped in kubernetes-models. Exits 1 naming each invalid field.
//   kubectl kustomize k8s/base | node k8s/validate/validate.mjs
import yaml from 'js-yaml';

const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
});

const documents = yaml.loadAll(input).filter(Boolean);
let failures = 0;
for (const doc of documents) {
  const where = `${doc.kind}/${doc.metadata?.name}`;
  const groupVersion = doc.apiVersion.includes('/') ? doc.apiVersion : `v1`;
  let module;
  try {
    module = await import(`kubernetes-models/${groupVersion}`);
  } catch {
    console.error(`${where}: unknown apiVersion ${doc.apiVersion}`);
    failures += 1;
    continue;
  }
  const Model = module[doc.kind];
  if (!Model) {
    console.error(`${where}: unknown kind ${doc.kind} in ${doc.apiVersion}`);
    failures += 1;
    continue;
  }
  try {
    new Model(doc).validate();
    console.log(`ok  ${doc.apiVersion} ${where}`);
  } catch (error) {
    console.error(`${where}: ${error.message}`);
    failures += 1;
  }
}
if (documents.length === 0) {
  console.error('no Kubernetes objects on stdin');
  process.exit(1);
}
process.exit(failures === 0 ? 0 : 1);
