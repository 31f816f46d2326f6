// The similarity job's test doubles. They live in scripts/fixtures (compiled with the app) because
// the devhost fixture app (test/fixtures/similarity-app) runs them too; tests import them from here.
export * from '../../scripts/fixtures/similarityDoubles';
