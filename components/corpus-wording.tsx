'use client';

import { createContext, useContext } from 'react';
import type { CorpusWording } from '@/lib/answer/wording';

/** How the page names the corpus (CORPUS_NAME, CORPUS_DESCRIPTION); set once by the server-rendered page. */
const CorpusWordingContext = createContext<CorpusWording>({ name: 'documents', description: '' });

export const CorpusWordingProvider = CorpusWordingContext.Provider;

export function useCorpusWording(): CorpusWording {
  return useContext(CorpusWordingContext);
}
