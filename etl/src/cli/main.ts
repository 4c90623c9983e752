// Entry point of the `etl` command. The pipeline itself arrives with issue #5; until then this says so.

const [command = 'help'] = process.argv.slice(2);

if (command === 'run') {
  console.log('etl run: the NEMWeb → Delta pipeline is not implemented yet (issue #5). Nothing was fetched.');
  process.exit(0);
}
console.log('usage: etl run');
process.exit(command === 'help' ? 0 : 2);
