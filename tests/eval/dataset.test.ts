import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { defaultEvalFile } from '@/lib/eval/dataset';
import { tempDir } from '../helpers';

describe('defaultEvalFile', () => {
  it('prefers the shared set beside the project and falls back to the project copy', async () => {
    const root = await tempDir();
    const project = path.join(root, 'project');
    await mkdir(project);
    assert.equal(defaultEvalFile(project), path.join('tests', 'fixtures', 'eval-questions.jsonl'));
    await mkdir(path.join(root, 'shared', 'eval'), { recursive: true });
    await writeFile(path.join(root, 'shared', 'eval', 'questions.jsonl'), '');
    assert.equal(defaultEvalFile(project), path.join('..', 'shared', 'eval', 'questions.jsonl'));
  });
});
